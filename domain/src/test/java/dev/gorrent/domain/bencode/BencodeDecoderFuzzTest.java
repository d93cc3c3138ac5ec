package dev.gorrent.domain.bencode;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Jazzer fuzz tests of the bencode decoder. Without {@code JAZZER_FUZZ} they replay the committed inputs
 * under {@code BencodeDecoderFuzzTestInputs}; {@link #seededMutationsOfTheCorpus} adds a fixed, bounded
 * number of pseudo-random variants of those inputs so that CI also tries inputs nobody wrote down.
 * FUZZING.md at the repository root tells how to fuzz for longer.
 */
class BencodeDecoderFuzzTest {
    private static final BencodeDecoder DECODER = BencodeDecoder.withDefaults();
    /** Enough variants to reach past the seeds' own paths, few enough to stay around a second in CI. */
    private static final int SEEDED_MUTATIONS = 20_000;
    /** Bencode fragments the mutator splices in, so variants reach past the first syntax check. */
    private static final byte[][] TOKENS = Stream.of("i", "e", "l", "d", "0:", "1:", "i-", "0", "9", "-",
                    "99999999999:", "i9223372036854775808e", "le", "de")
            .map(token -> token.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    /** Any input decodes or fails with a {@link BencodeException}; nothing else may escape. */
    @DictionaryEntries({"i", "e", "l", "d", "0:", "i-", "i0e", "i-1e", "9223372036854775807", "4:info"})
    @FuzzTest
    void decodeFailsOnlyWithBencodeException(byte[] input) {
        decodeIfValid(input);
    }

    /** Whatever decodes re-encodes canonically, and that encoding decodes to an equal value. */
    @DictionaryEntries({"i", "e", "l", "d", "0:", "i-", "i0e", "i-1e", "9223372036854775807", "4:info"})
    @FuzzTest
    void decodedValuesRoundTrip(byte[] input) {
        decodeIfValid(input).ifPresent(BencodeDecoderFuzzTest::assertRoundTrips);
    }

    @Test
    void seededMutationsOfTheCorpus() {
        List<byte[]> seeds = new ArrayList<>(corpus("decodeFailsOnlyWithBencodeException"));
        seeds.addAll(corpus("decodedValuesRoundTrip"));
        assertFalse(seeds.isEmpty(), "the committed fuzz corpus is missing from the test classpath");
        // A fixed seed: CI runs the same inputs every time, so a failure here always reproduces.
        Random random = new Random(0x6E6E_6E6EL);
        for (int i = 0; i < SEEDED_MUTATIONS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            decodeIfValid(input).ifPresent(BencodeDecoderFuzzTest::assertRoundTrips);
        }
    }

    private static Optional<BValue> decodeIfValid(byte[] input) {
        try {
            return Optional.of(DECODER.decode(input));
        } catch (BencodeException expected) {
            return Optional.empty();
        }
    }

    private static void assertRoundTrips(BValue value) {
        byte[] encoded = BencodeEncoder.encode(value);
        BValue again;
        try {
            again = DECODER.decode(encoded);
        } catch (BencodeException e) {
            throw new AssertionError("the encoder wrote bencode its own decoder refuses: " + e.getMessage(), e);
        }
        assertEquals(value, again, "a value changed on its way through the encoder and back");
        assertArrayEquals(encoded, BencodeEncoder.encode(again), "the canonical encoding is not stable");
    }

    /** One to four random edits: flip, insert or delete a byte, or splice in a bencode token. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] current = seed;
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits; edit++) {
            int at = current.length == 0 ? 0 : random.nextInt(current.length + 1);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (at < current.length) {
                        current = current.clone();
                        current[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> current = splice(current, at, new byte[] {(byte) random.nextInt(256)});
                case 2 -> {
                    if (at < current.length) {
                        current = splice(current, at, new byte[0], 1);
                    }
                }
                default -> current = splice(current, at, TOKENS[random.nextInt(TOKENS.length)]);
            }
        }
        return current;
    }

    private static byte[] splice(byte[] input, int at, byte[] insert) {
        return splice(input, at, insert, 0);
    }

    private static byte[] splice(byte[] input, int at, byte[] insert, int removed) {
        byte[] out = new byte[input.length - removed + insert.length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(input, at + removed, out, at + insert.length, input.length - at - removed);
        return out;
    }

    /** The committed inputs of one fuzz test, read from the test classpath. */
    private static List<byte[]> corpus(String method) {
        String folder = BencodeDecoderFuzzTest.class.getSimpleName() + "Inputs/" + method;
        URL url = BencodeDecoderFuzzTest.class.getResource(folder);
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
}
