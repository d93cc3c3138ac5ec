package dev.gorrent.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorrent.domain.peer.PeerMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz test of the peer message decoder: whatever a peer sends, {@link MessageCodec#read} returns a
 * message that encodes back to exactly the bytes it came from, or fails with an {@link IOException}
 * (a {@link ProtocolViolationException}, or an {@link java.io.EOFException} when the bytes run out); and no
 * read allocates more than the codec's frame limit. Each input is read as a stream of frames by a codec with
 * the default limit and by one with the smallest limit {@link WireSettings} allows. Without
 * {@code JAZZER_FUZZ} it replays the committed inputs under {@code MessageCodecFuzzTestInputs}, and
 * {@link #seededMutationsOfTheCorpus} adds a fixed, bounded number of pseudo-random variants of them.
 * FUZZING.md at the repository root tells how to fuzz for longer.
 */
class MessageCodecFuzzTest {
    /** The smallest frame limit WireSettings accepts: a REQUEST, id plus three integers. */
    private static final int SMALLEST_FRAME_LIMIT = 13;
    private static final List<MessageCodec> CODECS = List.of(
            new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_LENGTH), new MessageCodec(SMALLEST_FRAME_LIMIT));
    /**
     * Room above the frame limit for what a read allocates besides the frame: the message record, an
     * exception and its stack trace, a class loaded on first use. An allocation of what a peer merely
     * claims (up to 2 GiB) is far above it.
     */
    private static final long ALLOCATION_SLACK = 256 * 1024;
    /** Enough variants to reach past the seeds' own paths, few enough to stay around a second in CI. */
    private static final int SEEDED_MUTATIONS = 20_000;

    static {
        // Loading classes and linking string concatenation allocate once, on first use; getting that done
        // before anything is measured keeps it out of the allocation checks.
        for (byte[] input : SeededInputs.corpus(MessageCodecFuzzTest.class, "readFailsOnlyWithIOException")) {
            for (MessageCodec codec : CODECS) {
                readWithoutChecks(codec, input);
            }
        }
    }

    @FuzzTest
    void readFailsOnlyWithIOException(byte[] input) {
        CODECS.forEach(codec -> readEveryFrame(codec, input));
    }

    @Test
    void seededMutationsOfTheCorpus() {
        List<byte[]> seeds = SeededInputs.corpus(MessageCodecFuzzTest.class, "readFailsOnlyWithIOException");
        assertFalse(seeds.isEmpty(), "the committed fuzz corpus is missing from the test classpath");
        // A fixed seed: CI runs the same inputs every time, so a failure here always reproduces.
        Random random = new Random(0x5045_4552L);
        for (int i = 0; i < SEEDED_MUTATIONS; i++) {
            readFailsOnlyWithIOException(SeededInputs.mutate(seeds.get(random.nextInt(seeds.size())), random));
        }
    }

    /** Reads frames until the codec refuses one or the input runs out; each read consumes at least 4 bytes. */
    private static void readEveryFrame(MessageCodec codec, byte[] input) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(input);
        DataInputStream in = new DataInputStream(bytes);
        while (true) {
            int start = input.length - bytes.available();
            long allocatedBefore = allocatedByThisThread();
            Optional<PeerMessage> message;
            try {
                message = codec.read(in);
            } catch (IOException refused) {
                assertAllocationWithinLimit(codec, allocatedBefore);
                return;
            }
            assertAllocationWithinLimit(codec, allocatedBefore);
            int end = input.length - bytes.available();
            message.ifPresent(read -> assertArrayEquals(Arrays.copyOfRange(input, start, end), codec.encode(read),
                    () -> read + " does not encode back to the frame it was read from"));
        }
    }

    private static void readWithoutChecks(MessageCodec codec, byte[] input) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(input));
        try {
            while (true) {
                codec.read(in).ifPresent(codec::encode);
            }
        } catch (IOException endOfInput) {
            // Every input ends this way: refused, or out of bytes.
        }
    }

    private static void assertAllocationWithinLimit(MessageCodec codec, long allocatedBefore) {
        long allocated = allocatedByThisThread() - allocatedBefore;
        assertTrue(allocated <= codec.maxFrameLength() + ALLOCATION_SLACK, "one read allocated " + allocated
                + " bytes, more than the " + codec.maxFrameLength() + "-byte frame limit plus " + ALLOCATION_SLACK
                + " bytes of slack");
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Reads the committed corpus and makes pseudo-random variants of it; shared by the wire fuzz tests. */
    static final class SeededInputs {
        /** Values around the limits: frame and block caps, the smallest frame, sign and overflow edges. */
        private static final int[] EXTREMES = {0, 1, -1, 12, 13, 14, 0x4000, 0x20009, 0x2000A,
                MessageCodec.DEFAULT_MAX_FRAME_LENGTH, MessageCodec.DEFAULT_MAX_FRAME_LENGTH + 1,
                Integer.MAX_VALUE, Integer.MIN_VALUE};

        private SeededInputs() {
        }

        /** The committed inputs of one fuzz test, read from the test classpath. */
        static List<byte[]> corpus(Class<?> testClass, String method) {
            String folder = testClass.getSimpleName() + "Inputs/" + method;
            URL url = testClass.getResource(folder);
            if (url == null) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                List<byte[]> inputs = new ArrayList<>();
                for (Path file : files.sorted().toList()) {
                    inputs.add(Files.readAllBytes(file));
                }
                return inputs;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the fuzz corpus in " + folder, e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the fuzz corpus " + folder + " has no usable location " + url, e);
            }
        }

        /**
         * One to four random edits: set, insert or delete a byte, or overwrite four bytes with an extreme
         * big-endian int, which is how length prefixes and indexes go wrong.
         */
        static byte[] mutate(byte[] seed, Random random) {
            byte[] current = seed;
            int edits = 1 + random.nextInt(4);
            for (int edit = 0; edit < edits; edit++) {
                int at = random.nextInt(current.length + 1);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        if (at < current.length) {
                            current = current.clone();
                            current[at] = (byte) random.nextInt(256);
                        }
                    }
                    case 1 -> current = splice(current, at, new byte[] {(byte) random.nextInt(256)}, 0);
                    case 2 -> {
                        if (at < current.length) {
                            current = splice(current, at, new byte[0], 1);
                        }
                    }
                    default -> {
                        int removed = Math.min(4, current.length - at);
                        current = splice(current, at, bigEndian(EXTREMES[random.nextInt(EXTREMES.length)]), removed);
                    }
                }
            }
            return current;
        }

        private static byte[] bigEndian(int value) {
            return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        }

        private static byte[] splice(byte[] input, int at, byte[] insert, int removed) {
            byte[] out = new byte[input.length - removed + insert.length];
            System.arraycopy(input, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(input, at + removed, out, at + insert.length, input.length - at - removed);
            return out;
        }
    }
}
