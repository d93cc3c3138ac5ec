package dev.gorrent.cli.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static dev.gorrent.cli.hostile.RawBencode.bytes;
import static dev.gorrent.cli.hostile.RawBencode.dict;
import static dev.gorrent.cli.hostile.RawBencode.integer;
import static dev.gorrent.cli.hostile.RawBencode.list;
import static dev.gorrent.cli.hostile.RawBencode.str;

/**
 * The corpus of broken torrent files: each is named for its one defect and must be refused with a
 * message naming it. The small ones are committed under {@code src/test/resources/broken-torrents/}
 * (so fuzzers and people can use them as they are) and {@link BrokenTorrentCorpusTest} checks they
 * still match this generator; the large ones are made when a test needs them.
 *
 * <p>To write the committed files again after changing a case: run {@link #main} with the folder, e.g.
 * {@code java -cp adapters-cli/target/test-classes dev.gorrent.cli.hostile.BrokenTorrents
 * adapters-cli/src/test/resources/broken-torrents}.
 */
final class BrokenTorrents {
    /** Where the committed files live on the test class path. */
    static final String RESOURCE_FOLDER = "broken-torrents";

    private static final String HASH = "a".repeat(20);
    private static final String TRACKER = "http://tracker.invalid/announce";
    private static final int MB = 1_000_000;

    /**
     * One broken torrent.
     *
     * @param fileName  the file's name, which says what is wrong with it
     * @param problem   words the one-line refusal must contain, so the user can find the defect
     * @param committed whether the file is in the committed corpus (false: too large, made on demand)
     * @param maker     makes the file's bytes, the same on every call
     */
    record BrokenTorrent(String fileName, String problem, boolean committed, Supplier<byte[]> maker) {
        byte[] bytes() {
            return maker.get();
        }

        @Override
        public String toString() {
            return fileName;
        }
    }

    private BrokenTorrents() {
    }

    /** Every case, committed or not. */
    static List<BrokenTorrent> all() {
        List<BrokenTorrent> cases = new ArrayList<>();
        cases.addAll(notBencode());
        cases.addAll(badStructure());
        cases.addAll(badNumbers());
        cases.addAll(badFiles());
        cases.addAll(badPaths());
        cases.add(new BrokenTorrent("depth-bomb-dicts.torrent", "nesting deeper than 100 levels", false,
                () -> bytes("d1:a".repeat(100_000) + "i0e" + "e".repeat(100_000))));
        // A 3 MB file whose one path lists a million elements: parsed naively, it outgrows a 256 MiB heap.
        cases.add(new BrokenTorrent("path-too-deep.torrent", "path has 999000 elements", false,
                () -> bytes(wrap(multiInfo(list(file(5, nCopies(999_000, "a"))))))));
        cases.add(new BrokenTorrent("too-many-tokens.torrent", "more than 1000000 tokens", false,
                BrokenTorrents::tooManyTokens));
        cases.add(new BrokenTorrent("huge-file.torrent", "larger than the 10000000-byte limit", false,
                BrokenTorrents::hugeFile));
        return cases;
    }

    /** The cases small enough to commit. */
    static List<BrokenTorrent> committed() {
        return all().stream().filter(BrokenTorrent::committed).toList();
    }

    /** Writes every committed case into the folder given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BrokenTorrents FOLDER");
        }
        Path folder = Files.createDirectories(Path.of(args[0]));
        for (BrokenTorrent broken : committed()) {
            Files.write(folder.resolve(broken.fileName()), broken.bytes());
        }
    }

    // ---- not bencode at all, or bencode that breaks the decoder's rules and limits -------------

    private static List<BrokenTorrent> notBencode() {
        return List.of(
                committed("empty.torrent", "empty input", () -> new byte[0]),
                committed("random-bytes.torrent", "not bencode", BrokenTorrents::randomBytes),
                committed("truncated.torrent", "not bencode: string length 4 exceeds the 2 bytes left", () -> {
                    byte[] whole = validSingleFile();
                    return Arrays.copyOf(whole, whole.length / 2);
                }),
                committed("unterminated-dict.torrent", "unterminated dictionary", () -> {
                    byte[] whole = validSingleFile();
                    return Arrays.copyOf(whole, whole.length - 1);
                }),
                committed("trailing-garbage.torrent", "trailing data after the top-level value", () -> {
                    byte[] whole = validSingleFile();
                    byte[] garbage = bytes("GARBAGE AFTER THE TORRENT");
                    byte[] out = Arrays.copyOf(whole, whole.length + garbage.length);
                    System.arraycopy(garbage, 0, out, whole.length, garbage.length);
                    return out;
                }),
                committed("depth-bomb.torrent", "nesting deeper than 100 levels",
                        () -> bytes("l".repeat(100_000) + "e".repeat(100_000))),
                committed("absurd-string-length.torrent", "string length 99999999999999999999 exceeds",
                        () -> bytes("d4:info99999999999999999999:xe")),
                committed("string-longer-than-file.torrent", "string length 2000000 exceeds the",
                        () -> bytes("d8:announce" + str(TRACKER) + "4:info2000000:abcde")),
                committed("negative-length.torrent", "unexpected byte '-'",
                        () -> bytes("d4:infod6:lengthi5e4:name-9:hello.txtee")),
                committed("string-length-leading-zero.torrent", "string length has a leading zero",
                        () -> bytes(wrap("d6:lengthi5e4:name09:hello.txt12:piece lengthi16384e6:pieces20:"
                                + HASH + "e"))),
                committed("dict-key-not-string.torrent", "dictionary key must be a string",
                        () -> bytes(wrap("di6e6:lengthi5e4:name9:hello.txt12:piece lengthi16384e6:pieces20:"
                                + HASH + "e"))),
                committed("duplicate-keys.torrent", "duplicate dictionary key 'name'",
                        () -> bytes(wrap(dict("length", integer(5), "name", str("hello.txt"), "name", str("evil.exe"),
                                "piece length", integer(16_384), "pieces", str(HASH))))),
                committed("dict-key-without-value.torrent", "dictionary key 'pieces' has no value",
                        () -> bytes(wrap("d6:lengthi5e4:name9:hello.txt12:piece lengthi16384e6:piecese"))));
    }

    // ---- valid bencode, but not the shape of a torrent -----------------------------------------

    private static List<BrokenTorrent> badStructure() {
        return List.of(
                committed("top-level-list.torrent", "the top-level value is not a dictionary",
                        () -> bytes(list(str("info"), singleInfo()))),
                committed("top-level-string.torrent", "the top-level value is not a dictionary",
                        () -> bytes(str("d8:announce"))),
                committed("missing-info.torrent", "missing key 'info'",
                        () -> bytes(dict("announce", str(TRACKER), "comment", str("no info here")))),
                committed("info-not-dict.torrent", "'info' is not a dictionary",
                        () -> bytes(dict("announce", str(TRACKER), "info", list(singleInfo())))),
                committed("missing-name.torrent", "missing key 'info.name'",
                        () -> bytes(wrap(dict("length", integer(5), "piece length", integer(16_384),
                                "pieces", str(HASH))))),
                committed("name-not-string.torrent", "'info.name' is not a string",
                        () -> bytes(wrap(dict("length", integer(5), "name", integer(42),
                                "piece length", integer(16_384), "pieces", str(HASH))))),
                committed("missing-piece-length.torrent", "missing key 'info.piece length'",
                        () -> bytes(wrap(dict("length", integer(5), "name", str("hello.txt"), "pieces", str(HASH))))),
                committed("piece-length-not-integer.torrent", "'info.piece length' is not an integer",
                        () -> bytes(wrap(dict("length", integer(5), "name", str("hello.txt"),
                                "piece length", str("16384"), "pieces", str(HASH))))),
                committed("missing-pieces.torrent", "missing key 'info.pieces'",
                        () -> bytes(wrap(dict("length", integer(5), "name", str("hello.txt"),
                                "piece length", integer(16_384))))),
                committed("no-length-no-files.torrent", "neither 'length'",
                        () -> bytes(wrap(dict("name", str("hello.txt"), "piece length", integer(16_384),
                                "pieces", str(HASH))))),
                committed("both-length-and-files.torrent", "both 'length'",
                        () -> bytes(wrap(dict("files", list(file(5, "a.txt")), "length", integer(5),
                                "name", str("album"), "piece length", integer(16_384), "pieces", str(HASH))))),
                committed("files-not-list.torrent", "'info.files' is not a list",
                        () -> bytes(wrap(multiInfo(str("a.txt"))))),
                committed("empty-file-list.torrent", "'info.files' is empty",
                        () -> bytes(wrap(multiInfo(list())))),
                committed("file-not-dict.torrent", "'info.files[0]' is not a dictionary",
                        () -> bytes(wrap(multiInfo(list(integer(5)))))),
                committed("file-without-length.torrent", "missing key 'info.files[0].length'",
                        () -> bytes(wrap(multiInfo(list(dict("path", list(str("a.txt")))))))));
    }

    // ---- numbers out of range -----------------------------------------------------------------

    private static List<BrokenTorrent> badNumbers() {
        return List.of(
                committed("integer-overflow.torrent", "integer does not fit in 64 bits",
                        () -> bytes(wrap("d6:lengthi99999999999999999999e4:name9:hello.txt"
                                + "12:piece lengthi16384e6:pieces20:" + HASH + "e"))),
                committed("leading-zero.torrent", "integer has a leading zero",
                        () -> bytes(wrap("d6:lengthi5e4:name9:hello.txt12:piece lengthi016384e6:pieces20:"
                                + HASH + "e"))),
                committed("negative-zero.torrent", "integer is negative zero",
                        () -> bytes(wrap("d6:lengthi-0e4:name9:hello.txt12:piece lengthi16384e6:pieces20:"
                                + HASH + "e"))),
                committed("piece-length-zero.torrent", "piece length 0 is not positive",
                        () -> bytes(wrap(singleInfo(5, 0, HASH)))),
                committed("piece-length-negative.torrent", "piece length -16384 is not positive",
                        () -> bytes(wrap(singleInfo(5, -16_384, HASH)))),
                committed("piece-length-over-int.torrent", "piece length 2147483648 is above the limit",
                        () -> bytes(wrap(singleInfo(5, 1L << 31, HASH)))),
                committed("pieces-not-multiple-of-20.torrent", "has 19 bytes, not a multiple of 20",
                        () -> bytes(wrap(singleInfo(5, 16_384, "a".repeat(19))))),
                committed("pieces-count-mismatch.torrent",
                        "holds 2 hashes, but 5 bytes in pieces of 16384 make 1 pieces",
                        () -> bytes(wrap(singleInfo(5, 16_384, HASH + HASH)))),
                committed("pieces-too-few.torrent", "holds 1 hashes, but 40000 bytes in pieces of 16384 make 3 pieces",
                        () -> bytes(wrap(singleInfo(40_000, 16_384, HASH)))),
                // The hash list would have to be 40 MB to match; the count alone must refuse it,
                // before any hash is read.
                committed("too-many-pieces.torrent", "piece count 2097153 is above the limit of 2097152",
                        () -> bytes(wrap(singleInfo(16_384L * (1 << 21) + 1, 16_384, HASH)))),
                committed("zero-length.torrent", "holds no data",
                        () -> bytes(wrap(singleInfo(0, 16_384, "")))),
                committed("negative-file-length.torrent", "file length -5 is negative",
                        () -> bytes(wrap(singleInfo(-5, 16_384, HASH)))));
    }

    // ---- multi-file lists that cannot be laid out ---------------------------------------------

    private static List<BrokenTorrent> badFiles() {
        return List.of(
                committed("negative-file-length-multi.torrent", "file 1: length -1 is negative",
                        () -> bytes(wrap(multiInfo(list(file(5, "a.txt"), file(-1, "b.txt")))))),
                committed("total-length-overflow.torrent", "total length of the files exceeds 9223372036854775807",
                        () -> bytes(wrap(multiInfo(list(file(5_000_000_000_000_000_000L, "a.bin"),
                                file(5_000_000_000_000_000_000L, "b.bin")))))),
                committed("duplicate-paths.torrent", "file 1 (album/a.txt) has the same path as file 0",
                        () -> bytes(wrap(multiInfo(list(file(2, "a.txt"), file(3, "a.txt")))))),
                committed("duplicate-paths-after-sanitising.torrent",
                        "file 1 (album/docs/a.txt) has the same path as file 0",
                        () -> bytes(wrap(multiInfo(list(file(2, "docs", "a.txt"),
                                file(3, ".", "docs", "", "a.txt")))))),
                committed("file-inside-file.torrent", "lies inside 'album/a', which is file 0, not a folder",
                        () -> bytes(wrap(multiInfo(list(file(2, "a"), file(3, "a", "b")))))),
                committed("folder-is-also-file.torrent", "file 1 (album/a) is also the folder of file 0",
                        () -> bytes(wrap(multiInfo(list(file(2, "a", "b"), file(3, "a")))))));
    }

    // ---- names and paths that would leave the download folder ---------------------------------

    private static List<BrokenTorrent> badPaths() {
        return List.of(
                committed("path-dotdot.torrent", "path element '..' is not allowed",
                        () -> bytes(wrap(multiInfo(list(file(5, "..", "..", "..", "etc", "cron.d", "evil")))))),
                committed("path-dotdot-inside.torrent", "path element '..' is not allowed",
                        () -> bytes(wrap(multiInfo(list(file(2, "ok.txt"),
                                file(3, "docs", "..", "..", "escaped.txt")))))),
                committed("empty-path.torrent", "file 0: path is empty",
                        () -> bytes(wrap(multiInfo(list(dict("length", integer(5), "path", list())))))),
                committed("path-of-only-dots.torrent", "path has no usable element",
                        () -> bytes(wrap(multiInfo(list(file(5, "", ".", "")))))),
                committed("path-too-long.torrent", "path is longer than 4096 bytes",
                        () -> bytes(wrap(multiInfo(list(file(5, nCopies(20, "x".repeat(250)))))))),
                committed("path-not-list.torrent", "'info.files[0].path' is not a list",
                        () -> bytes(wrap(multiInfo(list(dict("length", integer(5), "path", str("a.txt"))))))),
                committed("path-element-not-string.torrent", "'info.files[0].path[1]' is not a string",
                        () -> bytes(wrap(multiInfo(list(dict("length", integer(5),
                                "path", list(str("docs"), integer(7)))))))),
                committed("name-dotdot.torrent", "torrent name '..' is not allowed",
                        () -> bytes(wrap(singleInfo("..")))),
                committed("name-dot.torrent", "torrent name '.' is not allowed",
                        () -> bytes(wrap(singleInfo(".")))),
                committed("name-empty.torrent", "torrent name '' is not allowed",
                        () -> bytes(wrap(singleInfo("")))));
    }

    // ---- building blocks ----------------------------------------------------------------------

    private static BrokenTorrent committed(String fileName, String problem, Supplier<byte[]> maker) {
        return new BrokenTorrent(fileName, problem, true, maker);
    }

    /** A well-formed single-file torrent of 5 bytes: the base the truncations start from. */
    static byte[] validSingleFile() {
        return bytes(wrap(singleInfo()));
    }

    private static String wrap(String info) {
        return dict("announce", str(TRACKER), "info", info);
    }

    private static String singleInfo() {
        return singleInfo("hello.txt");
    }

    private static String singleInfo(String name) {
        return dict("length", integer(5), "name", str(name), "piece length", integer(16_384), "pieces", str(HASH));
    }

    private static String singleInfo(long length, long pieceLength, String pieces) {
        return dict("length", integer(length), "name", str("hello.txt"), "piece length", integer(pieceLength),
                "pieces", str(pieces));
    }

    private static String multiInfo(String files) {
        return dict("files", files, "name", str("album"), "piece length", integer(16_384), "pieces", str(HASH));
    }

    private static String[] nCopies(int count, String element) {
        String[] elements = new String[count];
        Arrays.fill(elements, element);
        return elements;
    }

    private static String file(long length, String... path) {
        String[] elements = new String[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = str(path[i]);
        }
        return dict("length", integer(length), "path", list(elements));
    }

    private static byte[] randomBytes() {
        byte[] noise = new byte[4096];
        new SplittableRandom(20_240_601).nextBytes(noise);
        // A first byte that starts a value makes the decoder look further in before it gives up.
        noise[0] = 'd';
        return noise;
    }

    /** A list of a million and one integers: about 3 MB, under the size limit but over the token limit. */
    private static byte[] tooManyTokens() {
        return bytes(dict("info", "l" + "i0e".repeat(1_000_001) + "e"));
    }

    /** 11 MB, over the 10 MB limit for torrent files: a valid start, then one long comment. */
    private static byte[] hugeFile() {
        int commentLength = 11 * MB;
        byte[] start = bytes("d7:comment" + commentLength + ":");
        byte[] out = Arrays.copyOf(start, start.length + commentLength + 1);
        Arrays.fill(out, start.length, out.length - 1, (byte) 'x');
        out[out.length - 1] = 'e';
        return out;
    }
}
