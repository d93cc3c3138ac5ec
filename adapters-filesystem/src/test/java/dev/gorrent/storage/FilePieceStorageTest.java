package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.gorrent.storage.Torrents.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilePieceStorageTest {
    @TempDir
    Path downloads;

    private final FileStorageFactory factory = new FileStorageFactory();

    @Test
    void aPieceSpanningThreeFilesAndAnEmptyOneIsWrittenAndReadBack() throws Exception {
        // Piece 0 = a[0..5) + b[0..3) + c[0..2); the empty file sits between a and b.
        Metainfo torrent = Torrents.multiFile("t", 10,
                file(5, "t", "a"), file(0, "t", "empty"), file(3, "t", "b"), file(10, "t", "c"));
        byte[] stream = Torrents.content(18, 3);

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));

            byte[] piece0 = new byte[10];
            storage.readPiece(0, ByteBuffer.wrap(piece0));
            assertArrayEquals(Torrents.piece(torrent, stream, 0), piece0);
        }

        Path folder = downloads.resolve("t");
        assertArrayEquals(Arrays.copyOfRange(stream, 0, 5), Files.readAllBytes(folder.resolve("a")));
        assertEquals(0, Files.size(folder.resolve("empty")));
        assertArrayEquals(Arrays.copyOfRange(stream, 5, 8), Files.readAllBytes(folder.resolve("b")));
        assertArrayEquals(Arrays.copyOfRange(stream, 8, 18), Files.readAllBytes(folder.resolve("c")));
    }

    @Test
    void theLastShortPieceIsWrittenAndReadWithItsOwnSize() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 25, 10);
        byte[] last = {1, 2, 3, 4, 5};

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            assertThrows(IllegalArgumentException.class, () -> storage.writePiece(2, Torrents.inBlocks(new byte[10])));
            storage.writePiece(2, Torrents.inBlocks(last));

            byte[] read = new byte[5];
            storage.readPiece(2, ByteBuffer.wrap(read));
            assertArrayEquals(last, read);
            assertThrows(IllegalArgumentException.class, () -> storage.readPiece(2, ByteBuffer.wrap(new byte[10])));
            // Native memory, from its position on, as the check at start reads pieces.
            ByteBuffer direct = ByteBuffer.allocateDirect(8).position(3);
            storage.readPiece(2, direct);
            assertEquals(8, direct.position(), "the position moves past the piece");
            byte[] fromDirect = new byte[5];
            direct.get(3, fromDirect);
            assertArrayEquals(last, fromDirect);
        }
        assertArrayEquals(last, Arrays.copyOfRange(Files.readAllBytes(downloads.resolve("f")), 20, 25));
    }

    @Test
    void reopeningReadsWhatWasWritten() throws Exception {
        Metainfo torrent = Torrents.multiFile("t", 8, file(12, "t", "a"), file(9, "t", "d", "b"));
        byte[] stream = Torrents.content(21, 4);

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            storage.flush();
        }

        try (FilePieceStorage reopened = new FileStorageFactory().open(torrent, downloads)) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                assertTrue(reopened.mayHoldPiece(piece));
                byte[] read = new byte[torrent.geometry().pieceSize(piece)];
                reopened.readPiece(piece, ByteBuffer.wrap(read));
                assertArrayEquals(Torrents.piece(torrent, stream, piece), read, "piece " + piece);
            }
        }
    }

    @Test
    void readBlockReturnsTheRangeAndRefusesAnythingOutsideThePiece() throws Exception {
        Metainfo torrent = Torrents.multiFile("t", 10, file(4, "t", "a"), file(11, "t", "b"));
        byte[] stream = Torrents.content(15, 5);

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));

            assertArrayEquals(Arrays.copyOfRange(stream, 2, 9), readBlock(storage, 0, 2, 7));
            assertArrayEquals(Arrays.copyOfRange(stream, 11, 15), readBlock(storage, 1, 1, 4));
            assertEquals(0, readBlock(storage, 1, 5, 0).length);

            assertThrows(IndexOutOfBoundsException.class, () -> readBlock(storage, 1, 1, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> readBlock(storage, 0, 10, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> readBlock(storage, 0, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> readBlock(storage, 2, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> readBlock(storage, -1, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> storage.writePiece(2, Torrents.inBlocks(new byte[1])));
            assertThrows(IndexOutOfBoundsException.class, () -> storage.mayHoldPiece(2));
        }
    }

    @Test
    void transferBlockHandsTheTargetOneFileAtATimeUntilTheBlockIsSent() throws Exception {
        byte[] stream = Torrents.content(15, 7);
        Pipe pipe = Pipe.open();

        try (FilePieceStorage storage = twoFilesStored(stream);
             Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            List<Long> moves = new ArrayList<>();
            int sent = 0;
            while (sent < 7) {
                long moved = storage.transferBlock(0, 2 + sent, 7 - sent, sink);
                moves.add(moved);
                sent += (int) moved;
            }
            assertEquals(List.of(2L, 5L), moves, "bytes 2..4 of a, then 0..5 of b");
            assertEquals(0, storage.transferBlock(0, 9, 0, sink));

            ByteBuffer received = ByteBuffer.allocate(7);
            while (received.hasRemaining()) {
                source.read(received);
            }
            assertArrayEquals(Arrays.copyOfRange(stream, 2, 9), received.array());
            assertThrows(IndexOutOfBoundsException.class, () -> storage.transferBlock(0, 9, 2, sink));
            assertThrows(IndexOutOfBoundsException.class, () -> storage.transferBlock(2, 0, 1, sink));
        }
    }

    @Test
    void aFullTargetTakesNothingAndThatIsNoFailure() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        Pipe pipe = Pipe.open();

        try (FilePieceStorage storage = factory.open(torrent, downloads);
             Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            storage.writePiece(1, Torrents.inBlocks(Torrents.content(10, 8)));
            sink.configureBlocking(false);
            ByteBuffer filler = ByteBuffer.allocate(64 * 1024);
            while (sink.write(filler.clear()) > 0) {
                // fill the pipe until it takes no more
            }
            assertEquals(0, storage.transferBlock(1, 0, 10, sink));
        }
    }

    @Test
    void transferringFromAFileCutShortIsAStorageFailure() throws Exception {
        Pipe pipe = Pipe.open();

        try (FilePieceStorage storage = twoFilesStored(Torrents.content(15, 9));
             Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            try (FileChannel b = FileChannel.open(downloads.resolve("t").resolve("b"), StandardOpenOption.WRITE)) {
                b.truncate(3);
            }

            StorageException failure = assertThrows(StorageException.class, () -> storage.transferBlock(1, 0, 5, sink));
            assertTrue(failure.getMessage().contains("shorter than expected"), failure.getMessage());
        }
    }

    @Test
    void aTargetThatFailsIsTheTargetsFailureNotTheDisks() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        Pipe pipe = Pipe.open();

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.content(10, 10)));
            pipe.source().close();
            Pipe.SinkChannel sink = pipe.sink();
            // Nobody reads the pipe any more: the system refuses the bytes (EPIPE).
            IOException brokenPipe = assertThrows(IOException.class, () -> storage.transferBlock(0, 0, 10, sink));
            assertFalse(brokenPipe instanceof StorageException, brokenPipe.toString());

            sink.close();
            IOException closed = assertThrows(IOException.class, () -> storage.transferBlock(0, 0, 10, sink));
            assertFalse(closed instanceof StorageException, closed.toString());
            assertEquals(10, storage.transferBlock(0, 0, 10, new ByteCounter()), "the storage itself is fine");
        }
    }

    /** Files a (4 bytes) and b (11) in pieces of 10, both pieces written from {@code stream}. */
    private FilePieceStorage twoFilesStored(byte[] stream) throws StorageException {
        Metainfo torrent = Torrents.multiFile("t", 10, file(4, "t", "a"), file(11, "t", "b"));
        FilePieceStorage storage = factory.open(torrent, downloads);
        storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
        storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));
        return storage;
    }

    /** A target that takes every byte and keeps none. */
    private static final class ByteCounter implements WritableByteChannel {
        @Override
        public int write(ByteBuffer bytes) {
            int taken = bytes.remaining();
            bytes.position(bytes.limit());
            return taken;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void manySmallFilesStayCorrectWithinTheOpenFileBound() throws Exception {
        Metainfo torrent = manySmallFiles(300);
        byte[] stream = Torrents.content(torrent.totalLength(), 6);
        FileStorageFactory boundedFactory = new FileStorageFactory(8);

        try (FilePieceStorage storage = boundedFactory.open(torrent, downloads)) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
                assertTrue(storage.openChannelCount() <= 8, "open files: " + storage.openChannelCount());
            }
            for (int piece = torrent.pieceCount() - 1; piece >= 0; piece--) {
                byte[] read = new byte[torrent.geometry().pieceSize(piece)];
                storage.readPiece(piece, ByteBuffer.wrap(read));
                assertArrayEquals(Torrents.piece(torrent, stream, piece), read, "piece " + piece);
                assertTrue(storage.openChannelCount() <= 8, "open files: " + storage.openChannelCount());
            }
            storage.flush();
        }
        Torrents.assertFilesHold(downloads, torrent, stream);
    }

    @Test
    void aTorrentOfManyFilesIsFlushedByItsFileSystemAndStillHoldsEveryByte() throws Exception {
        Metainfo torrent = manySmallFiles(WholeFileSystemFlush.MIN_FILES + 200);
        byte[] stream = Torrents.content(torrent.totalLength(), 8);

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.wholeFileSystemFlush().awaitSettled();
            assertTrue(storage.wholeFileSystemFlush().isReady(), "syncfs is available on the machines this builds on");
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            storage.flush();

            assertEquals(1, storage.wholeFileSystemFlush().syncs());
            assertFalse(storage.hasUnflushedWrites());
        }
        Torrents.assertFilesHold(downloads, torrent, stream);
    }

    @Test
    void aTorrentOfManyFilesRecordedAfterASyncfsResumesFromItsRecord() throws Exception {
        Metainfo torrent = manySmallFiles(WholeFileSystemFlush.MIN_FILES + 200);
        byte[] stream = Torrents.content(torrent.totalLength(), 9);
        Bitfield all = new Bitfield(torrent.pieceCount());

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.wholeFileSystemFlush().awaitSettled();
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
                all.set(piece);
            }
            storage.writeResumeRecord(all);
            assertEquals(1, storage.wholeFileSystemFlush().syncs(), "the record's flush was one syncfs");
        }
        try (FilePieceStorage reopened = factory.open(torrent, downloads)) {
            assertEquals(Optional.of(all), reopened.readResumeRecord());
        }
    }

    @Test
    void concurrentWritesOfDifferentPiecesAllLand() throws Exception {
        Metainfo torrent = manySmallFiles(300);
        byte[] stream = Torrents.content(torrent.totalLength(), 7);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FilePieceStorage storage = new FileStorageFactory(2).open(torrent, downloads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int piece = first; piece < torrent.pieceCount(); piece += threads) {
                        storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
                        byte[] read = new byte[torrent.geometry().pieceSize(piece)];
                        storage.readPiece(piece, ByteBuffer.wrap(read));
                        assertArrayEquals(Torrents.piece(torrent, stream, piece), read, "piece " + piece);
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Torrents.assertFilesHold(downloads, torrent, stream);
    }

    @Test
    void anInterruptedReaderDoesNotBreakTheFileForOthers() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        byte[] stream = Torrents.content(20, 8);

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));

            Thread.currentThread().interrupt();
            StorageException interrupted;
            try {
                interrupted = assertThrows(StorageException.class,
                        () -> storage.readPiece(0, ByteBuffer.wrap(new byte[10])));
            } finally {
                Thread.interrupted();
            }
            assertTrue(interrupted.getMessage().contains("interrupted"), interrupted.getMessage());

            storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));
            byte[] read = new byte[10];
            storage.readPiece(0, ByteBuffer.wrap(read));
            assertArrayEquals(Torrents.piece(torrent, stream, 0), read);
        }
        assertArrayEquals(stream, Files.readAllBytes(downloads.resolve("f")));
    }

    @Test
    void aFileShortenedUnderneathFailsTheReadNamingTheFile() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        Path file = downloads.resolve("f");

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(new byte[10]));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(15);
            }

            StorageException e = assertThrows(StorageException.class,
                    () -> storage.readPiece(1, ByteBuffer.wrap(new byte[10])));

            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("shorter than expected"), e.getMessage());
        }
    }

    @Test
    void aFileRemovedUnderneathFailsNamingTheFile() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        Path file = downloads.resolve("f");

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(new byte[10]));
        }
        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            Files.delete(file);

            StorageException e = assertThrows(StorageException.class,
                    () -> storage.writePiece(0, Torrents.inBlocks(new byte[10])));

            assertTrue(e.getMessage().startsWith("cannot open " + file + ": "), e.getMessage());
            assertTrue(Files.notExists(file));
        }
    }

    @Test
    void aClosedStorageRefusesWorkAndClosesOnlyOnce() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 20, 10);
        FilePieceStorage storage = factory.open(torrent, downloads);
        storage.writePiece(0, Torrents.inBlocks(new byte[10]));

        storage.close();
        storage.close();

        StorageException e = assertThrows(StorageException.class,
                () -> storage.readPiece(0, ByteBuffer.wrap(new byte[10])));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(0, storage.openChannelCount());
    }

    @Test
    void flushForcesFilesWhoseChannelsWereAlreadyEvicted() throws Exception {
        Metainfo torrent = manySmallFiles(40);
        byte[] stream = Torrents.content(torrent.totalLength(), 9);

        try (FilePieceStorage storage = new FileStorageFactory(1).open(torrent, downloads)) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            storage.flush();
            assertTrue(storage.openChannelCount() <= 1, "open files: " + storage.openChannelCount());
        }
        Torrents.assertFilesHold(downloads, torrent, stream);
    }

    @Test
    void aFlushOfManyFilesReportsTheOneItCouldNotForceAndKeepsItOwed() throws Exception {
        Metainfo torrent = manySmallFiles(40);
        byte[] stream = Torrents.content(torrent.totalLength(), 10);
        Path lost = downloads.resolve("many").resolve("dir3").resolve("file3");

        // One open file at a time, so the flush must reopen each file, and the removed one cannot be.
        try (FilePieceStorage storage = new FileStorageFactory(1).open(torrent, downloads)) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            Files.delete(lost);

            StorageException e = assertThrows(StorageException.class, storage::flush);

            assertTrue(e.getMessage().contains(lost.toString()), e.getMessage());
            assertEquals(0, e.getSuppressed().length, "only the removed file failed");
            assertTrue(storage.hasUnflushedWrites(), "the removed file is still owed a flush");
            assertThrows(StorageException.class, storage::flush, "and the next flush tries it again");
        }
    }

    private static final int BIG_PIECE = 16 << 20;
    private static final int BIG_PIECES_PER_MARK = (int) (FilePieceStorage.FLUSH_EVERY / BIG_PIECE);

    /** Five pieces of 16 MiB, one more than the write-behind mark takes. */
    private static Metainfo fiveBigPiecesInTwoFiles() {
        return Torrents.multiFile("big", BIG_PIECE,
                List.of(file(3L * BIG_PIECE, "big", "a"), file(2L * BIG_PIECE, "big", "b")));
    }

    @Test
    void writesAreFlushedBehindEverySixtyFourMebibytes() throws Exception {
        Metainfo torrent = fiveBigPiecesInTwoFiles();
        byte[] piece = new byte[BIG_PIECE];

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            for (int index = 0; index < BIG_PIECES_PER_MARK - 1; index++) {
                storage.writePiece(index, Torrents.inBlocks(piece));
            }
            assertTrue(storage.hasUnflushedWrites(), "below the mark nothing is forced yet");
            storage.writePiece(BIG_PIECES_PER_MARK - 1, Torrents.inBlocks(piece));
            storage.awaitWriteBehind();
            assertFalse(storage.hasUnflushedWrites(), "the write that reaches the mark has everything flushed");
            storage.writePiece(BIG_PIECES_PER_MARK, Torrents.inBlocks(piece));
            storage.awaitWriteBehind();
            assertTrue(storage.hasUnflushedWrites(), "and counting starts again");
        }
    }

    @Test
    void theWriteThatReachesTheMarkDoesNotWaitForItsFlush() throws Exception {
        Metainfo torrent = fiveBigPiecesInTwoFiles();
        byte[] piece = new byte[BIG_PIECE];

        try (FilePieceStorage storage = factory.open(torrent, downloads)) {
            storage.flushLock().lock(); // as if a long flush were under way
            try {
                // Run elsewhere: the lock is reentrant, so on this thread even a flush in the writer would pass.
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    for (int index = 0; index <= BIG_PIECES_PER_MARK; index++) {
                        storage.writePiece(index, Torrents.inBlocks(piece));
                    }
                }, "a writer waited for the flush");
                assertTrue(storage.hasUnflushedWrites(), "nothing is forced while the flush waits");
            } finally {
                storage.flushLock().unlock();
            }
            storage.awaitWriteBehind();
            assertFalse(storage.hasUnflushedWrites(), "once it may, the flush forces all that was written before it");
        }
    }

    @Test
    void aWriteBehindFlushThatFailsIsThrownByTheNextWriteAndItsFileStaysOwed() throws Exception {
        // "a" ends 100 bytes into piece 1, so writing piece 1 goes through the page cache for "a" and then "b".
        Metainfo torrent = Torrents.multiFile("big", BIG_PIECE, List.of(file(BIG_PIECE + 100, "big", "a"),
                file(BIG_PIECE - 100, "big", "b"), file(2L * BIG_PIECE, "big", "c"), file(BIG_PIECE, "big", "d")));
        byte[] piece = new byte[BIG_PIECE];
        Path lost = downloads.resolve("big").resolve("a");

        // One open file at a time: writing "b" closes "a", so the flush must reopen it, and the removed one cannot be.
        // (Aligned stretches bypass the page cache through channels of their own; "a" must leave the pool the
        // flush uses, hence the unaligned boundary.)
        try (FilePieceStorage storage = new FileStorageFactory(1).open(torrent, downloads)) {
            storage.writePiece(0, Torrents.inBlocks(piece));
            storage.writePiece(1, Torrents.inBlocks(piece));
            Files.delete(lost);
            for (int index = 2; index < BIG_PIECES_PER_MARK; index++) {
                storage.writePiece(index, Torrents.inBlocks(piece));
            }
            storage.awaitWriteBehind();

            StorageException e = assertThrows(StorageException.class,
                    () -> storage.writePiece(BIG_PIECES_PER_MARK, Torrents.inBlocks(piece)));

            assertTrue(e.getMessage().contains(lost.toString()), e.getMessage());
            assertTrue(storage.hasUnflushedWrites(), "the removed file is still owed a flush");
            assertThrows(StorageException.class, storage::flush, "and the next flush tries it again");
        }
    }

    /** Files of 0 to 49 bytes (every seventh empty), cut into 64-byte pieces spanning several of them. */
    private static Metainfo manySmallFiles(int count) {
        List<Torrents.Spec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long length = i % 7 == 0 ? 0 : (i * 31L) % 50;
            specs.add(file(length, "many", "dir" + (i % 10), "file" + i));
        }
        return Torrents.multiFile("many", 64, specs);
    }

    private static byte[] readBlock(FilePieceStorage storage, int piece, int begin, int length)
            throws StorageException {
        ByteBuffer into = ByteBuffer.allocateDirect(length + 2).position(1).limit(length + 1);
        storage.readBlock(piece, begin, into);
        assertEquals(length + 1, into.position(), "the position moves past the block");
        byte[] block = new byte[length];
        into.get(1, block);
        return block;
    }
}
