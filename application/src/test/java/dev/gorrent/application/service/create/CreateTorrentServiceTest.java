package dev.gorrent.application.service.create;

import dev.gorrent.application.port.in.CreateTorrentException;
import dev.gorrent.application.port.in.CreateTorrentRequest;
import dev.gorrent.application.port.in.CreateTorrentResult;
import dev.gorrent.application.port.in.HashingProgress;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.application.service.JdkSha1Digests;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.metainfo.ContentFile;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;
import dev.gorrent.domain.metainfo.TorrentContent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateTorrentServiceTest {
    private static final Path ALBUM = Path.of("/music/album");
    private static final int PIECE = 16 * 1024;
    /** 350 001 bytes: 22 pieces of 16 KiB, the last short, with file boundaries inside pieces. */
    private static final TorrentContent FOLDER = new TorrentContent.Folder("album", List.of(
            new ContentFile(List.of("a.flac"), 100_000),
            new ContentFile(List.of("empty.txt"), 0),
            new ContentFile(List.of("disc 2", "c.flac"), 250_001)));
    private static final byte[] STREAM = bytes(350_001);

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 131 + i / 977);
        }
        return data;
    }

    private static byte[] expectedHashes(byte[] data, int pieceLength) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < data.length; from += pieceLength) {
            int to = Math.min(data.length, from + pieceLength);
            out.writeBytes(MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(data, from, to)));
        }
        return out.toByteArray();
    }

    private static CreateTorrentRequest request(Path path, int pieceLength) {
        return new CreateTorrentRequest(path, pieceLength, List.of(), false, "", "", 1_700_000_000L);
    }

    private static CreateTorrentResult create(InMemoryContentSource source, int threads, CreateTorrentRequest request)
            throws Exception {
        return new CreateTorrentService(source, new JdkSha1Digests(), threads).create(request, HashingProgress.NONE);
    }

    @Test
    void hashesEveryPieceInOrderWithOneContiguousRunPerThread() throws Exception {
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, FOLDER, STREAM);

        CreateTorrentResult result = create(source, 4, request(ALBUM, PIECE));
        Metainfo parsed = MetainfoParser.parse(result.torrent().bytes());

        assertArrayEquals(expectedHashes(STREAM, PIECE), parsed.pieceHashes().toBytes());
        assertEquals(result.torrent().infoHash(), parsed.infoHash());
        assertEquals(22, parsed.pieceCount());
        assertEquals(4, source.readers().size());
        BitSet seen = new BitSet();
        for (InMemoryContentSource.RecordingReader reader : source.readers()) {
            assertTrue(reader.closed());
            List<Long> offsets = reader.offsets();
            for (int i = 1; i < offsets.size(); i++) {
                assertEquals(offsets.get(i - 1) + PIECE, offsets.get(i),
                        "a reader's pieces are consecutive: " + offsets);
            }
            for (long offset : offsets) {
                int piece = (int) (offset / PIECE);
                assertFalse(seen.get(piece), "piece " + piece + " read twice");
                seen.set(piece);
            }
        }
        assertEquals(22, seen.cardinality());
    }

    @Test
    void theThreadCountDoesNotChangeTheTorrent() throws Exception {
        byte[] one = create(new InMemoryContentSource(ALBUM, FOLDER, STREAM), 1,
                request(ALBUM, PIECE)).torrent().bytes();
        for (int threads : new int[] {2, 3, 7, 64}) {
            byte[] many = create(new InMemoryContentSource(ALBUM, FOLDER, STREAM), threads, request(ALBUM, PIECE))
                    .torrent().bytes();
            assertArrayEquals(one, many, threads + " threads");
        }
    }

    @Test
    void neverStartsMoreWorkersThanPieces() throws Exception {
        TorrentContent single = new TorrentContent.SingleFile("two-pieces.bin", PIECE + 1);
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, single, bytes(PIECE + 1));

        CreateTorrentResult result = create(source, 8, request(ALBUM, PIECE));

        assertEquals(2, source.readers().size());
        assertFalse(MetainfoParser.parse(result.torrent().bytes()).multiFile());
        assertArrayEquals(expectedHashes(bytes(PIECE + 1), PIECE),
                MetainfoParser.parse(result.torrent().bytes()).pieceHashes().toBytes());
    }

    @Test
    void choosesThePieceLengthOnlyWhenAsked() throws Exception {
        CreateTorrentResult automatic = create(new InMemoryContentSource(ALBUM, FOLDER, STREAM), 2,
                request(ALBUM, CreateTorrentRequest.AUTOMATIC_PIECE_LENGTH));
        CreateTorrentResult explicit = create(new InMemoryContentSource(ALBUM, FOLDER, STREAM), 2,
                request(ALBUM, 64 * 1024));

        assertEquals(PIECE, automatic.draft().pieceLength());
        assertEquals(64 * 1024, explicit.draft().pieceLength());
        Metainfo parsed = MetainfoParser.parse(explicit.torrent().bytes());
        assertEquals(64 * 1024, parsed.geometry().pieceLength());
        assertArrayEquals(expectedHashes(STREAM, 64 * 1024), parsed.pieceHashes().toBytes());
    }

    @Test
    void carriesTrackersFlagsAndTextIntoTheTorrent() throws Exception {
        CreateTorrentRequest request = new CreateTorrentRequest(ALBUM, PIECE,
                List.of("http://a.example/announce", "udp://b.example:6969"), true, "a comment", "Gorrent 9.9",
                1_234_567_890L);

        byte[] torrent = create(new InMemoryContentSource(ALBUM, FOLDER, STREAM), 2, request).torrent().bytes();
        Metainfo parsed = MetainfoParser.parse(torrent);
        BValue.BDictionary top = (BValue.BDictionary) BencodeDecoder.withDefaults().decode(torrent);

        assertEquals(List.of(List.of("http://a.example/announce"), List.of("udp://b.example:6969")),
                parsed.trackerTiers());
        assertTrue(parsed.privateTorrent());
        assertEquals(BValue.BString.of("a comment"), top.get("comment").orElseThrow());
        assertEquals(BValue.BString.of("Gorrent 9.9"), top.get("created by").orElseThrow());
        assertEquals(new BValue.BInteger(1_234_567_890L), top.get("creation date").orElseThrow());
    }

    @Test
    void reportsGrowingProgressEndingAtTheTotal() throws Exception {
        List<long[]> calls = new ArrayList<>();
        HashingProgress progress = (hashed, total) -> {
            synchronized (calls) {
                calls.add(new long[] {hashed, total});
            }
        };

        new CreateTorrentService(new InMemoryContentSource(ALBUM, FOLDER, STREAM), new JdkSha1Digests(), 3)
                .create(request(ALBUM, PIECE), progress);

        synchronized (calls) {
            assertEquals(22, calls.size());
            for (int i = 0; i < calls.size(); i++) {
                assertEquals(STREAM.length, calls.get(i)[1]);
                if (i > 0) {
                    assertTrue(calls.get(i)[0] > calls.get(i - 1)[0], "counts only grow");
                }
            }
            assertEquals(STREAM.length, calls.get(calls.size() - 1)[0]);
        }
    }

    @Test
    void aReadFailureStopsEveryWorkerAndSaysWhy() {
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, FOLDER, STREAM).failReadsAt(200_000);

        CreateTorrentException error = assertThrows(CreateTorrentException.class,
                () -> create(source, 4, request(ALBUM, PIECE)));

        assertEquals(CreateTorrentException.Kind.READ_FAILED, error.kind());
        assertEquals("disk said no at byte 200000", error.getMessage());
        source.readers().forEach(reader -> assertTrue(reader.closed()));
    }

    @Test
    void contentThatCannotMakeATorrentIsBadInput() {
        InMemoryContentSource missing = new InMemoryContentSource(ALBUM, FOLDER, STREAM)
                .failScanWith(new InvalidContentException("/music/album: no such file or folder"));
        CreateTorrentException error = assertThrows(CreateTorrentException.class,
                () -> create(missing, 2, request(ALBUM, PIECE)));
        assertEquals(CreateTorrentException.Kind.BAD_INPUT, error.kind());
        assertEquals("/music/album: no such file or folder", error.getMessage());
    }

    @Test
    void aFolderThatCannotBeListedIsAReadFailure() {
        InMemoryContentSource unreadable = new InMemoryContentSource(ALBUM, FOLDER, STREAM)
                .failScanWith(new ContentException("cannot list /music/album/disc 2: I/O error"));
        CreateTorrentException error = assertThrows(CreateTorrentException.class,
                () -> create(unreadable, 2, request(ALBUM, PIECE)));
        assertEquals(CreateTorrentException.Kind.READ_FAILED, error.kind());
    }

    @Test
    void contentWithoutDataIsBadInput() {
        TorrentContent empties = new TorrentContent.Folder("empties", List.of(new ContentFile(List.of("a"), 0)));
        CreateTorrentException error = assertThrows(CreateTorrentException.class,
                () -> create(new InMemoryContentSource(ALBUM, empties, new byte[0]), 2, request(ALBUM, PIECE)));
        assertEquals(CreateTorrentException.Kind.BAD_INPUT, error.kind());
        assertEquals("empties holds no data: its files total 0 bytes", error.getMessage());
    }

    @Test
    void tooManyPiecesIsRefusedBeforeReadingAnything() {
        TorrentContent huge = new TorrentContent.SingleFile("huge.img",
                (long) PIECE * MetainfoParser.MAX_PIECE_COUNT + 1);
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, huge, new byte[0]);

        CreateTorrentException error = assertThrows(CreateTorrentException.class,
                () -> create(source, 2, request(ALBUM, PIECE)));

        assertEquals(CreateTorrentException.Kind.BAD_INPUT, error.kind());
        assertTrue(error.getMessage().contains("choose a larger piece size"), error.getMessage());
        assertEquals(List.of(), source.readers());
    }

    @Test
    void interruptingTheCallerStopsHashingAndClosesEveryReader() throws Exception {
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, FOLDER, STREAM);
        CountDownLatch held = source.holdReadsAt(300_000);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                create(source, 2, request(ALBUM, PIECE));
                outcome.set(new AssertionError("create returned although a read never finished"));
            } catch (Throwable thrown) {
                outcome.set(thrown);
            }
        });
        caller.start();

        assertTrue(held.await(30, TimeUnit.SECONDS), "a worker reached the held read");
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(caller.isAlive());
        assertInstanceOf(InterruptedException.class, outcome.get());
        source.readers().forEach(reader -> assertTrue(reader.closed()));
    }

    @Test
    void refusesZeroThreads() {
        InMemoryContentSource source = new InMemoryContentSource(ALBUM, FOLDER, STREAM);
        assertThrows(IllegalArgumentException.class, () -> new CreateTorrentService(source, new JdkSha1Digests(), 0));
    }
}
