package dev.gorrent.crypto;

import dev.gorrent.application.port.out.Sha1Digest;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.service.JdkSha1Digests;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libcrypto's SHA-1 against the JDK's; the test machines have OpenSSL
 * (scripts/test installs libtorrent, which needs it).
 */
class OpenSslSha1DigestsTest {
    private final OpenSslSha1Digests digests = new OpenSslSha1Digests(new JdkSha1Digests());

    @Test
    void loadsLibcryptoOnLinux() {
        assertTrue(digests.isNative(), "libcrypto (" + Libcrypto.NAMES + ") should load on the test machines");
        assertInstanceOf(LibcryptoSha1.class, digests.create());
    }

    @Test
    void hashesLikeTheJdkAcrossLengthsAndBlockBoundaries() throws Exception {
        Random random = new Random(7);
        Sha1Digest sha1 = digests.create();
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 127, 16_384, 16_385, 1 << 20}) {
            byte[] data = new byte[length + 5];
            random.nextBytes(data);
            sha1.update(data, length);
            MessageDigest expected = MessageDigest.getInstance("SHA-1");
            expected.update(data, 0, length);
            assertArrayEquals(expected.digest(), sha1.digest(), "length " + length);
        }
    }

    @Test
    void hashesAPieceGivenInBlocksAndStartsAfreshAfterEachDigest() throws Exception {
        byte[] block = new byte[16_384];
        new Random(11).nextBytes(block);
        Sha1Digest sha1 = digests.create();
        MessageDigest expected = MessageDigest.getInstance("SHA-1");
        for (int piece = 0; piece < 3; piece++) {
            for (int i = 0; i < 4; i++) {
                block[0] = (byte) (piece * 4 + i);
                sha1.update(block, block.length);
                expected.update(block);
            }
            assertArrayEquals(expected.digest(), sha1.digest(), "piece " + piece);
        }
    }

    /** Native memory is hashed where it is, from the buffer's position on; heap and read-only buffers too. */
    @Test
    void hashesBuffersFromTheirPositionToTheirLimitAndMovesThePosition() throws Exception {
        byte[] data = new byte[(1 << 20) + 100];
        new Random(13).nextBytes(data);
        MessageDigest jdk = MessageDigest.getInstance("SHA-1");
        jdk.update(data, 37, 1 << 20);
        byte[] expected = jdk.digest();
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data);
        Sha1Digest sha1 = digests.create();
        for (ByteBuffer buffer : List.of(direct, direct.asReadOnlyBuffer(), ByteBuffer.wrap(data))) {
            buffer.limit(37 + (1 << 20)).position(37);

            sha1.update(buffer);

            assertArrayEquals(expected, sha1.digest(), buffer.toString());
            assertEquals(buffer.limit(), buffer.position(), "the position moves to the limit");
        }
    }

    @Test
    void knownAnswerOfTheEmptyInputAndAbc() {
        Sha1Digest sha1 = digests.create();
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", hex(sha1.digest()));
        sha1.update("abc".getBytes(StandardCharsets.US_ASCII), 3);
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", hex(sha1.digest()));
    }

    @Test
    void refusesALengthBeyondTheArrayRatherThanReadPastIt() {
        Sha1Digest sha1 = digests.create();
        assertThrows(IndexOutOfBoundsException.class, () -> sha1.update(new byte[10], 11));
        assertThrows(IndexOutOfBoundsException.class, () -> sha1.update(new byte[10], -1));
    }

    @Test
    void digestsOnManyThreadsAtOnceStayApart() throws Exception {
        byte[][] inputs = new byte[4][];
        List<Thread> threads = new ArrayList<>();
        AtomicInteger wrong = new AtomicInteger();
        for (int t = 0; t < inputs.length; t++) {
            inputs[t] = new byte[100_000];
            new Random(t).nextBytes(inputs[t]);
            byte[] input = inputs[t];
            byte[] expected = MessageDigest.getInstance("SHA-1").digest(input);
            threads.add(new Thread(() -> {
                Sha1Digest sha1 = digests.create();
                for (int round = 0; round < 50; round++) {
                    sha1.update(input, input.length);
                    if (!Arrays.equals(expected, sha1.digest())) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, wrong.get());
    }

    @Test
    void fallsBackWhereLibcryptoIsMissing() {
        AtomicInteger prepared = new AtomicInteger();
        Sha1Digests fallback = counting(prepared, () -> new JdkSha1Digests().create());
        OpenSslSha1Digests without = new OpenSslSha1Digests(fallback, () -> false);
        without.prepare();
        assertEquals(1, prepared.get());
        assertFalse(without.isNative());
        Sha1Digest sha1 = without.create();
        assertFalse(sha1 instanceof LibcryptoSha1);
        sha1.update(new byte[0], 0);
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", hex(sha1.digest()));
    }

    @Test
    void readiesTheFallbackOnlyWhenItIsWhatHashes() {
        AtomicInteger prepared = new AtomicInteger();
        Sha1Digests fallback = counting(prepared, () -> {
            throw new AssertionError("libcrypto is there: the fallback makes no digest");
        });
        OpenSslSha1Digests with = new OpenSslSha1Digests(fallback, () -> true);
        with.prepare();
        assertEquals(0, prepared.get());
        assertInstanceOf(LibcryptoSha1.class, with.create());
    }

    @Test
    void findsNothingUnderNamesNoSystemHas() {
        assertTrue(Libcrypto.find(List.of("libgorrent-no-such-library.so.9")).isEmpty());
    }

    /** Digests from {@code create} that count their {@link Sha1Digests#prepare} calls in {@code prepared}. */
    private static Sha1Digests counting(AtomicInteger prepared, Supplier<Sha1Digest> create) {
        return new Sha1Digests() {
            @Override
            public Sha1Digest create() {
                return create.get();
            }

            @Override
            public void prepare() {
                prepared.incrementAndGet();
            }
        };
    }

        private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
