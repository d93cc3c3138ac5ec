package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeEncoder;
import dev.gorrent.domain.bencode.BencodeException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.gorrent.domain.metainfo.TorrentFixtures.concat;
import static dev.gorrent.domain.metainfo.TorrentFixtures.dict;
import static dev.gorrent.domain.metainfo.TorrentFixtures.file;
import static dev.gorrent.domain.metainfo.TorrentFixtures.latin1;
import static dev.gorrent.domain.metainfo.TorrentFixtures.list;
import static dev.gorrent.domain.metainfo.TorrentFixtures.multiFile;
import static dev.gorrent.domain.metainfo.TorrentFixtures.sha1;
import static dev.gorrent.domain.metainfo.TorrentFixtures.singleFile;
import static dev.gorrent.domain.metainfo.TorrentFixtures.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetainfoParserTest {
    private static final byte[] HELLO = "hello, world".getBytes(StandardCharsets.UTF_8);

    private static void assertRefused(String message, byte[] torrent) {
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                () -> MetainfoParser.parse(torrent));
        assertEquals(message, error.getMessage());
    }

    private static BValue.BInteger integer(long value) {
        return new BValue.BInteger(value);
    }

    @Test
    void parsesASingleFileTorrent() throws InvalidTorrentException {
        TorrentFixtures.Builder torrent = singleFile("hello.txt", HELLO).pieceLength(5).announce("http://t.example/a");
        Metainfo metainfo = MetainfoParser.parse(torrent.bytes());

        assertEquals("hello.txt", metainfo.name());
        assertEquals(12, metainfo.totalLength());
        assertEquals(5, metainfo.geometry().pieceLength());
        assertEquals(3, metainfo.pieceCount());
        assertArrayEquals(TorrentFixtures.pieceHashes(HELLO, 5), metainfo.pieceHashes().toBytes());
        assertEquals(List.of(new FileEntry(List.of("hello.txt"), 12, 0)), metainfo.files());
        assertFalse(metainfo.multiFile());
        assertFalse(metainfo.privateTorrent());
        assertEquals(List.of(List.of("http://t.example/a")), metainfo.trackerTiers());
        assertEquals(torrent.expectedInfoHash(), metainfo.infoHash());
    }

    @Test
    void parsesAMultiFileTorrentWithNestedFoldersAndAnEmptyFile() throws InvalidTorrentException {
        TorrentFixtures.Builder torrent = multiFile("album",
                file("abc", "cd1", "track1.flac"),
                file("", "cd1", "empty.txt"),
                file("defgh", "cd2", "deep", "track2.flac"),
                file("ij", "cover.jpg")).pieceLength(4);
        Metainfo metainfo = MetainfoParser.parse(torrent.bytes());

        assertTrue(metainfo.multiFile());
        assertEquals("album", metainfo.name());
        assertEquals(List.of(
                new FileEntry(List.of("album", "cd1", "track1.flac"), 3, 0),
                new FileEntry(List.of("album", "cd1", "empty.txt"), 0, 3),
                new FileEntry(List.of("album", "cd2", "deep", "track2.flac"), 5, 3),
                new FileEntry(List.of("album", "cover.jpg"), 2, 8)), metainfo.files());
        assertEquals(10, metainfo.totalLength());
        assertEquals(3, metainfo.pieceCount());
        assertArrayEquals(TorrentFixtures.pieceHashes(latin1("abcdefghij"), 4), metainfo.pieceHashes().toBytes());
        assertEquals(torrent.expectedInfoHash(), metainfo.infoHash());
    }

    @Test
    void hashesTheInfoDictionaryExactlyAsWrittenNotAReEncoding() throws Exception {
        byte[] pieceHash = sha1(latin1("hello"));
        // Keys deliberately out of order: a canonical re-encoding would sort them and hash differently.
        byte[] info = concat(
                latin1("d4:name9:hello.txt12:piece lengthi16384e6:lengthi5e6:pieces20:"), pieceHash, latin1("e"));
        byte[] torrent = concat(latin1("d8:announce18:http://t.example/a4:info"), info, latin1("e"));
        byte[] expected = java.security.MessageDigest.getInstance("SHA-1").digest(info);

        Metainfo metainfo = MetainfoParser.parse(torrent);

        assertEquals(InfoHash.of(expected), metainfo.infoHash());
        byte[] reEncoded = BencodeEncoder.encode(BencodeDecoder.withDefaults().decode(info));
        assertFalse(Arrays.equals(info, reEncoded), "the fixture must differ from its canonical form");
        assertNotEquals(InfoHash.of(sha1(reEncoded)), metainfo.infoHash());
    }

    @Test
    void prefersANonEmptyAnnounceListAndDropsEmptyTiers() throws InvalidTorrentException {
        byte[] torrent = singleFile("f", HELLO)
                .announce("http://ignored.example/a")
                .announceList(List.of(List.of("http://a.example/1", "http://a.example/2"), List.of(),
                        List.of("udp://b.example:80")))
                .bytes();
        assertEquals(List.of(List.of("http://a.example/1", "http://a.example/2"), List.of("udp://b.example:80")),
                MetainfoParser.parse(torrent).trackerTiers());
    }

    @Test
    void skipsAnnounceListEntriesThatAreNotStrings() throws InvalidTorrentException {
        byte[] torrent = singleFile("f", HELLO)
                .top("announce-list", list(list("http://a.example/1", 5, "", list("x")), list(7), "not a tier"))
                .bytes();
        assertEquals(List.of(List.of("http://a.example/1")), MetainfoParser.parse(torrent).trackerTiers());
    }

    @Test
    void fallsBackToAnnounceWhenTheAnnounceListHasNoUsableTier() throws InvalidTorrentException {
        byte[] torrent = singleFile("f", HELLO)
                .announce("http://t.example/a")
                .top("announce-list", list(list(), list(3)))
                .bytes();
        assertEquals(List.of(List.of("http://t.example/a")), MetainfoParser.parse(torrent).trackerTiers());
    }

    @Test
    void allowsATorrentWithoutTrackers() throws InvalidTorrentException {
        assertEquals(List.of(), MetainfoParser.parse(singleFile("f", HELLO).bytes()).trackerTiers());
    }

    @Test
    void readsThePrivateFlag() throws InvalidTorrentException {
        assertTrue(MetainfoParser.parse(singleFile("f", HELLO).privateFlag(1).bytes()).privateTorrent());
        assertFalse(MetainfoParser.parse(singleFile("f", HELLO).privateFlag(0).bytes()).privateTorrent());
        assertFalse(MetainfoParser.parse(singleFile("f", HELLO).info("private", str("1")).bytes()).privateTorrent());
    }

    @Test
    void sanitisesTheName() throws InvalidTorrentException {
        Metainfo metainfo = MetainfoParser.parse(multiFile("/etc", file("x", "passwd")).bytes());
        assertEquals("_etc", metainfo.name());
        assertEquals(List.of("_etc", "passwd"), metainfo.files().get(0).path());
    }

    @Test
    void wrapsBencodeErrors() {
        assertRefused("not bencode: unexpected byte 'x', expected a value at offset 0", latin1("x"));
        byte[] torrent = singleFile("f", HELLO).bytes();
        assertRefused("not bencode: trailing data after the top-level value at offset " + torrent.length,
                concat(torrent, latin1("i1e")));
    }

    @Test
    void refusesFilesAboveTheTenMegabyteLimit() {
        byte[] huge = new byte[10_000_001];
        assertRefused("not bencode: input of 10000001 bytes exceeds the limit of 10000000 bytes at offset 10000000",
                huge);
    }

    @Test
    void refusesMissingOrMistypedKeys() {
        assertRefused("not a torrent: the top-level value is not a dictionary", latin1("li1ee"));
        assertRefused("missing key 'info'", latin1("d8:announce1:xe"));
        assertRefused("'info' is not a dictionary", latin1("d4:infoi1ee"));
        assertRefused("missing key 'info.name'", singleFile("f", HELLO).withoutInfo("name").bytes());
        assertRefused("'info.name' is not a string", singleFile("f", HELLO).info("name", integer(1)).bytes());
        assertRefused("missing key 'info.piece length'", singleFile("f", HELLO).withoutInfo("piece length").bytes());
        assertRefused("'info.pieces' is not a string", singleFile("f", HELLO).info("pieces", list()).bytes());
        assertRefused("'info.length' is not an integer", singleFile("f", HELLO).info("length", str("12")).bytes());
        assertRefused("'info.files' is not a list", multiFile("t", file("x", "a")).info("files", str("a")).bytes());
        assertRefused("'info.files' is empty", multiFile("t").bytes());
        assertRefused("'info.files[0]' is not a dictionary", multiFile("t").info("files", list("a")).bytes());
        assertRefused("missing key 'info.files[0].length'",
                multiFile("t").info("files", list(dict("path", list("a")))).bytes());
        assertRefused("'info.files[0].path' is not a list",
                multiFile("t").info("files", list(dict("length", 1, "path", "a"))).bytes());
        assertRefused("'info.files[0].path[1]' is not a string",
                multiFile("t").info("files", list(dict("length", 1, "path", list("a", 2)))).bytes());
    }

    @Test
    void refusesBadPieceLengths() {
        assertRefused("piece length 0 is not positive",
                singleFile("f", HELLO).info("piece length", integer(0)).bytes());
        assertRefused("piece length -16384 is not positive",
                singleFile("f", HELLO).info("piece length", integer(-16384)).bytes());
        assertRefused("piece length 2147483648 is above the limit of 134217728",
                singleFile("f", HELLO).info("piece length", integer(1L << 31)).bytes());
        assertRefused("piece length 134217729 is above the limit of 134217728",
                singleFile("f", HELLO).info("piece length", integer((128L << 20) + 1)).bytes());
    }

    @Test
    void refusesPiecesThatAreNotWholeHashes() {
        byte[] pieces = new byte[41];
        assertRefused("info.pieces has 41 bytes, not a multiple of 20",
                singleFile("f", HELLO).info("pieces", new BValue.BString(pieces)).bytes());
    }

    @Test
    void refusesAHashCountThatDoesNotMatchTheLength() {
        assertRefused("info.pieces holds 2 hashes, but 12 bytes in pieces of 5 make 3 pieces",
                singleFile("f", HELLO).pieceLength(5).info("pieces", new BValue.BString(new byte[40])).bytes());
    }

    @Test
    void refusesMorePiecesThanLibtorrentAllows() {
        byte[] torrent = singleFile("f", new byte[0]).pieceLength(1)
                .info("length", integer(2_097_153)).info("pieces", new BValue.BString(new byte[0])).bytes();
        assertRefused("piece count 2097153 is above the limit of 2097152 (2097153 bytes in pieces of 1)", torrent);
    }

    @Test
    void refusesNegativeFileLengths() {
        assertRefused("file length -5 is negative", singleFile("f", HELLO).info("length", integer(-5)).bytes());
        byte[] torrent = multiFile("t", file("a", "0"), file("b", "1"), file("c", "2"), file("d", "3"))
                .info("files", list(
                        dict("length", 1, "path", list("0")),
                        dict("length", 1, "path", list("1")),
                        dict("length", 1, "path", list("2")),
                        dict("length", -5, "path", list("3"))))
                .bytes();
        assertRefused("file 3: length -5 is negative", torrent);
    }

    @Test
    void refusesATotalLengthThatOverflows() {
        byte[] torrent = multiFile("t").info("files", list(
                dict("length", Long.MAX_VALUE, "path", list("a")),
                dict("length", Long.MAX_VALUE, "path", list("b")))).bytes();
        assertRefused("file 1: the total length of the files exceeds 9223372036854775807 bytes", torrent);
    }

    @Test
    void refusesATorrentWithNoData() {
        assertRefused("torrent holds no data: its files total 0 bytes", singleFile("f", new byte[0]).bytes());
        assertRefused("torrent holds no data: its files total 0 bytes",
                multiFile("t", file("", "a"), file("", "b")).bytes());
    }

    @Test
    void refusesBothOrNeitherLayout() {
        assertRefused("info has both 'length' (single file) and 'files' (multiple files)",
                multiFile("t", file("x", "a")).info("length", integer(1)).bytes());
        assertRefused("info has neither 'length' (single file) nor 'files' (multiple files)",
                singleFile("f", HELLO).withoutInfo("length").bytes());
    }

    @Test
    void refusesUnsafeNames() {
        assertRefused("torrent name '..' is not allowed", multiFile("..", file("x", "a")).bytes());
        assertRefused("torrent name '.' is not allowed", singleFile(".", HELLO).bytes());
        assertRefused("torrent name '' is not allowed", singleFile("", HELLO).bytes());
    }

    @Test
    void refusesPathTraversal() {
        assertRefused("file 0 (../../etc/passwd): path element '..' is not allowed",
                multiFile("t", file("x", "..", "..", "etc", "passwd")).bytes());
        assertRefused("file 1 (a/../../b): path element '..' is not allowed",
                multiFile("t", file("x", "ok"), file("y", "a", "..", "..", "b")).bytes());
    }

    @Test
    void refusesEmptyOrUnusablePaths() {
        assertRefused("file 0: path is empty", multiFile("t", file("x")).bytes());
        assertRefused("file 0 (./): path has no usable element", multiFile("t", file("x", ".", "")).bytes());
    }

    @Test
    void refusesFilesThatCollideOnceSanitised() {
        assertRefused("file 1 (t/a/b) has the same path as file 0",
                multiFile("t", file("x", "a", "b"), file("y", "a", ".", "b")).bytes());
        assertRefused("file 1 (t/a_b) has the same path as file 0",
                multiFile("t", file("x", "a/b"), file("y", "a_b")).bytes());
    }

    @Test
    void refusesAFileThatIsAlsoAFolder() {
        assertRefused("file 1 (t/a/b/c) lies inside 't/a/b', which is file 0, not a folder",
                multiFile("t", file("x", "a", "b"), file("y", "a", "b", "c")).bytes());
        assertRefused("file 1 (t/a/b) is also the folder of file 0 (t/a/b/c)",
                multiFile("t", file("y", "a", "b", "c"), file("x", "a", "b")).bytes());
    }
}
