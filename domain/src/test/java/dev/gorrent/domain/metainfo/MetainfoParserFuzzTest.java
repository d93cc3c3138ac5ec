package dev.gorrent.domain.metainfo;

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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz test of the torrent file parser: any bytes either parse into a torrent that keeps the promises
 * of {@link Metainfo} and {@link PathSanitizer}, or fail with an {@link InvalidTorrentException}. Without
 * {@code JAZZER_FUZZ} it replays the committed inputs under {@code MetainfoParserFuzzTestInputs}, and
 * {@link #seededMutationsOfTheCorpus} adds a fixed, bounded number of pseudo-random variants of them.
 * FUZZING.md at the repository root tells how to fuzz for longer.
 */
class MetainfoParserFuzzTest {
    /** Enough variants to reach past the seeds' own paths, few enough to stay around a second in CI. */
    private static final int SEEDED_MUTATIONS = 20_000;
    /** Fragments the mutator splices in: torrent keys and bencode tokens that steer past the first checks. */
    private static final byte[][] TOKENS = Stream.of("i", "e", "l", "d", "0:", "1:", "i-1e", "i0e", "2:..", "1:.",
                    "1:/", "4:path", "6:length", "5:files", "4:name", "6:pieces", "12:piece length", "le", "de")
            .map(token -> token.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    @DictionaryEntries({"4:info", "4:name", "6:length", "5:files", "4:path", "6:pieces", "12:piece length",
            "8:announce", "13:announce-list", "7:privatei1e", "2:..", "1:.", "i-1e", "i0e", "20:"})
    @FuzzTest
    void parseFailsOnlyWithInvalidTorrentException(byte[] input) {
        checkOneInput(input);
    }

    @Test
    void seededMutationsOfTheCorpus() {
        List<byte[]> seeds = corpus("parseFailsOnlyWithInvalidTorrentException");
        assertFalse(seeds.isEmpty(), "the committed fuzz corpus is missing from the test classpath");
        // A fixed seed: CI runs the same inputs every time, so a failure here always reproduces.
        Random random = new Random(0x7041_7253L);
        int parsed = 0;
        for (int i = 0; i < SEEDED_MUTATIONS; i++) {
            if (checkOneInput(mutate(seeds.get(random.nextInt(seeds.size())), random))) {
                parsed++;
            }
        }
        // Variants that all fail would only test the error paths; some must get through to the checks.
        assertTrue(parsed > 0, "no mutated input parsed, so the torrent invariants were never checked");
    }

    /** Returns whether the input parsed; throws on any failure other than the typed refusal. */
    private static boolean checkOneInput(byte[] input) {
        Metainfo metainfo;
        try {
            metainfo = MetainfoParser.parse(input);
        } catch (InvalidTorrentException expected) {
            return false;
        }
        assertKeepsItsPromises(metainfo);
        return true;
    }

    private static void assertKeepsItsPromises(Metainfo metainfo) {
        assertFalse(metainfo.files().isEmpty(), "a parsed torrent has no files");
        assertTrue(metainfo.totalLength() > 0, "a parsed torrent holds no data");
        assertTrue(metainfo.pieceCount() <= MetainfoParser.MAX_PIECE_COUNT, "piece count above the limit");
        assertEquals(metainfo.pieceCount(), metainfo.pieceHashes().count(), "one hash per piece");
        assertSafeElement(metainfo.name());
        long offset = 0;
        Set<List<String>> paths = new HashSet<>();
        Set<List<String>> folders = new HashSet<>();
        for (FileEntry file : metainfo.files()) {
            assertEquals(offset, file.offset(), "files must follow each other in the byte stream");
            offset += file.length();
            assertEquals(metainfo.name(), file.path().get(0), "every path starts with the torrent's name");
            file.path().forEach(MetainfoParserFuzzTest::assertSafeElement);
            assertTrue(paths.add(file.path()), () -> "two files share the path " + file.displayPath());
            for (int depth = 1; depth < file.path().size(); depth++) {
                folders.add(file.path().subList(0, depth));
            }
        }
        assertEquals(metainfo.totalLength(), offset, "the files' lengths must add up to the total");
        for (List<String> folder : folders) {
            assertFalse(paths.contains(folder),
                    () -> "the path " + String.join("/", folder) + " is a file and a folder");
        }
    }

    /** What PathSanitizer promises of every element it hands out. */
    private static void assertSafeElement(String element) {
        assertFalse(element.isEmpty(), "empty path element");
        assertFalse(element.chars().allMatch(c -> c == '.'), () -> "path element '" + element + "' is only dots");
        assertTrue(element.getBytes(StandardCharsets.UTF_8).length <= PathSanitizer.MAX_ELEMENT_BYTES,
                () -> "path element '" + element + "' is longer than " + PathSanitizer.MAX_ELEMENT_BYTES + " bytes");
        assertTrue(element.chars().noneMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20
                || (c >= 0x7F && c <= 0x9F)),
                () -> "path element '" + element + "' holds a separator or control character");
    }

    /** One to four random edits: flip, insert or delete a byte, or splice in a token. */
    private static byte[] mutate(byte[] seed, Random random) {
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
                default -> current = splice(current, at, TOKENS[random.nextInt(TOKENS.length)], 0);
            }
        }
        return current;
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
        String folder = MetainfoParserFuzzTest.class.getSimpleName() + "Inputs/" + method;
        URL url = MetainfoParserFuzzTest.class.getResource(folder);
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
