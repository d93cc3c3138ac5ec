package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.gorrent.domain.metainfo.TorrentFixtures.file;
import static dev.gorrent.domain.metainfo.TorrentFixtures.multiFile;
import static dev.gorrent.domain.metainfo.TorrentFixtures.pieceHashes;
import static dev.gorrent.domain.metainfo.TorrentFixtures.singleFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorrentBuilderTest {
    private static final int PIECE = 16 * 1024;

    private static byte[] bytes(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        return data;
    }

    private static TorrentDraft draft(TorrentContent content, List<String> trackers) {
        return new TorrentDraft(content, PIECE, trackers, false, "", "", 1_700_000_000L);
    }

    private static BValue.BDictionary topLevel(byte[] torrent) throws BencodeException {
        return (BValue.BDictionary) BencodeDecoder.withDefaults().decode(torrent);
    }

    private static BValue.BDictionary info(byte[] torrent) throws BencodeException {
        return (BValue.BDictionary) topLevel(torrent).get("info").orElseThrow();
    }

    @Test
    void singleFileTorrentMatchesTheSameTorrentBuiltByHand() throws Exception {
        byte[] data = bytes(40_000, 1);
        TorrentDraft draft = draft(new TorrentContent.SingleFile("data.bin", data.length), List.of());

        CreatedTorrent created = TorrentBuilder.build(draft, PieceHashes.of(pieceHashes(data, PIECE)));
        Metainfo parsed = MetainfoParser.parse(created.bytes());

        assertEquals(singleFile("data.bin", data).pieceLength(PIECE).expectedInfoHash(), created.infoHash());
        assertEquals(created.infoHash(), parsed.infoHash());
        assertFalse(parsed.multiFile());
        assertEquals("data.bin", parsed.name());
        assertEquals(40_000, parsed.totalLength());
        assertEquals(3, parsed.pieceCount());
        assertArrayEquals(pieceHashes(data, PIECE), parsed.pieceHashes().toBytes());
    }

    @Test
    void folderTorrentKeepsFileOrderNestedPathsAndEmptyFiles() throws Exception {
        byte[] a = bytes(20_000, 2);
        byte[] b = bytes(0, 0);
        byte[] c = bytes(30_000, 3);
        TorrentContent content = new TorrentContent.Folder("album", List.of(
                new ContentFile(List.of("a.flac"), a.length),
                new ContentFile(List.of("empty.txt"), 0),
                new ContentFile(List.of("disc 2", "inner", "c.flac"), c.length)));
        TorrentFixtures.Builder byHand = multiFile("album",
                file(a, "a.flac"), file(b, "empty.txt"), file(c, "disc 2", "inner", "c.flac")).pieceLength(PIECE);

        CreatedTorrent created = TorrentBuilder.build(draft(content, List.of()),
                PieceHashes.of(pieceHashes(byHand.content(), PIECE)));
        Metainfo parsed = MetainfoParser.parse(created.bytes());

        assertEquals(byHand.expectedInfoHash(), created.infoHash());
        assertTrue(parsed.multiFile());
        assertEquals(List.of(
                new FileEntry(List.of("album", "a.flac"), 20_000, 0),
                new FileEntry(List.of("album", "empty.txt"), 0, 20_000),
                new FileEntry(List.of("album", "disc 2", "inner", "c.flac"), 30_000, 20_000)), parsed.files());
    }

    @Test
    void withoutTrackersThereIsNoAnnounceKey() throws Exception {
        byte[] torrent = build(List.of());
        assertFalse(topLevel(torrent).containsKey("announce"));
        assertFalse(topLevel(torrent).containsKey("announce-list"));
        assertEquals(List.of(), MetainfoParser.parse(torrent).trackerTiers());
    }

    @Test
    void oneTrackerIsTheAnnounceUrlAlone() throws Exception {
        byte[] torrent = build(List.of("http://t.example/announce"));
        assertEquals(BValue.BString.of("http://t.example/announce"), topLevel(torrent).get("announce").orElseThrow());
        assertFalse(topLevel(torrent).containsKey("announce-list"));
    }

    @Test
    void severalTrackersAreEachTheirOwnTierInOrder() throws Exception {
        byte[] torrent = build(List.of("http://one/a", "udp://two:80/a", "http://one/a", "https://three/a"));
        BValue.BDictionary top = topLevel(torrent);

        assertEquals(BValue.BString.of("http://one/a"), top.get("announce").orElseThrow());
        assertEquals(List.of(List.of("http://one/a"), List.of("udp://two:80/a"), List.of("https://three/a")),
                MetainfoParser.parse(torrent).trackerTiers());
    }

    @Test
    void writesCommentCreatorDateAndPrivateFlag() throws Exception {
        TorrentDraft draft = new TorrentDraft(new TorrentContent.SingleFile("x", 5), PIECE, List.of(), true,
                "holiday photos", "Gorrent 0.1.0", 1_234_567_890L);
        byte[] torrent = TorrentBuilder.build(draft, PieceHashes.of(new byte[20])).bytes();
        BValue.BDictionary top = topLevel(torrent);

        assertEquals(BValue.BString.of("holiday photos"), top.get("comment").orElseThrow());
        assertEquals(BValue.BString.of("Gorrent 0.1.0"), top.get("created by").orElseThrow());
        assertEquals(new BValue.BInteger(1_234_567_890L), top.get("creation date").orElseThrow());
        assertEquals(new BValue.BInteger(1), info(torrent).get("private").orElseThrow());
        assertTrue(MetainfoParser.parse(torrent).privateTorrent());
    }

    @Test
    void leavesOutAnEmptyCommentCreatorAndAClearPrivateFlag() throws Exception {
        byte[] torrent = build(List.of());
        assertFalse(topLevel(torrent).containsKey("comment"));
        assertFalse(topLevel(torrent).containsKey("created by"));
        assertFalse(info(torrent).containsKey("private"));
    }

    @Test
    void keepsNonAsciiNamesAsUtf8() throws Exception {
        TorrentContent content = new TorrentContent.Folder("Ünïcødé",
                List.of(new ContentFile(List.of("日本", "ファイル.txt"), 3)));
        byte[] torrent = TorrentBuilder.build(draft(content, List.of()), PieceHashes.of(new byte[20])).bytes();

        assertArrayEquals("Ünïcødé".getBytes(StandardCharsets.UTF_8),
                ((BValue.BString) info(torrent).get("name").orElseThrow()).bytes());
        assertEquals(List.of("Ünïcødé", "日本", "ファイル.txt"),
                MetainfoParser.parse(torrent).files().get(0).path());
    }

    @Test
    void refusesContentWithoutData() {
        TorrentContent content = new TorrentContent.Folder("empties", List.of(new ContentFile(List.of("a"), 0)));
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                () -> TorrentBuilder.check(draft(content, List.of())));
        assertEquals("empties holds no data: its files total 0 bytes", error.getMessage());
    }

    @Test
    void refusesMorePiecesThanClientsAccept() {
        long total = (long) PIECE * MetainfoParser.MAX_PIECE_COUNT + 1;
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                () -> TorrentBuilder.check(draft(new TorrentContent.SingleFile("big", total), List.of())));
        assertTrue(error.getMessage().contains("choose a larger piece size"), error.getMessage());
        assertTrue(error.getMessage().contains((MetainfoParser.MAX_PIECE_COUNT + 1) + " pieces"), error.getMessage());
    }

    @Test
    void refusesATorrentFileLargerThanClientsRead() throws Exception {
        // 524288 hashes of 20 bytes are 10.5 MB: within the piece count limit, over the file size limit.
        long total = (long) PIECE * 524_288;
        TorrentDraft tooBig = draft(new TorrentContent.SingleFile("big", total), List.of());
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class, () -> TorrentBuilder.check(tooBig));
        assertTrue(error.getMessage().contains("10000000-byte limit"), error.getMessage());

        TorrentBuilder.check(draft(new TorrentContent.SingleFile("fits", (long) PIECE * 400_000), List.of()));
    }

    @Test
    void theSizeCheckIsExact() throws Exception {
        int near = (10_000_000 - 200) / 20;
        int headroom = 10_000_000 - buildSingle(near).length;
        int largest = near + headroom / 20;

        byte[] torrent = buildSingle(largest);
        assertTrue(torrent.length <= 10_000_000 && torrent.length > 10_000_000 - 20, "length " + torrent.length);
        assertEquals(largest, MetainfoParser.parse(torrent).pieceCount());
        TorrentDraft over = draft(new TorrentContent.SingleFile("x", (long) PIECE * (largest + 1)), List.of());
        assertThrows(InvalidTorrentException.class, () -> TorrentBuilder.check(over));
    }

    private static byte[] buildSingle(int pieces) throws InvalidTorrentException {
        TorrentDraft draft = draft(new TorrentContent.SingleFile("x", (long) PIECE * pieces), List.of());
        return TorrentBuilder.build(draft, PieceHashes.of(new byte[20 * pieces])).bytes();
    }

    @Test
    void refusesTooManyFilesForTheDecoder() {
        List<ContentFile> files = new ArrayList<>();
        for (int i = 0; i < 170_000; i++) {
            files.add(new ContentFile(List.of("f" + i), 1));
        }
        TorrentDraft draft = draft(new TorrentContent.Folder("many", files), List.of());
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class, () -> TorrentBuilder.check(draft));
        assertTrue(error.getMessage().contains("too many files (170000)"), error.getMessage());
    }

    @Test
    void refusesHashesThatDoNotMatchThePieceCount() {
        TorrentDraft draft = draft(new TorrentContent.SingleFile("x", PIECE + 1), List.of());
        assertThrows(IllegalArgumentException.class, () -> TorrentBuilder.build(draft, PieceHashes.of(new byte[20])));
    }

    @Test
    void draftRefusesAPieceLengthNoOneShouldUse() {
        TorrentContent content = new TorrentContent.SingleFile("x", 1);
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentDraft(content, 3 * PIECE, List.of(), false, "", "", 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentDraft(content, PIECE / 2, List.of(), false, "", "", 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentDraft(content, PIECE, List.of(" "), false, "", "", 0));
    }

    private static byte[] build(List<String> trackers) throws InvalidTorrentException {
        TorrentDraft draft = draft(new TorrentContent.SingleFile("x", 5), trackers);
        return TorrentBuilder.build(draft, PieceHashes.of(new byte[20])).bytes();
    }
}
