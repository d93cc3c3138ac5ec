package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.gorrent.storage.Torrents.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeRecordStorageTest {
    /** 2001-09-09: far from "now", so a file stamped with it was certainly not touched since. */
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path temp;

    private final FileStorageFactory factory = new FileStorageFactory();

    // Three pieces of 10 over "a" (12 bytes), an empty file and "d/b" (9 bytes).
    private final Metainfo torrent = Torrents.multiFile("t", 10,
            file(12, "t", "a"), file(0, "t", "empty"), file(9, "t", "d", "b"));
    private final byte[] stream = Torrents.content(21, 11);

    private Path downloads() {
        return temp.resolve("downloads");
    }

    private Path recordFolder() {
        return downloads().resolve(".gorrent-resume");
    }

    private Path recordOf(Metainfo metainfo) {
        return recordFolder().resolve(metainfo.infoHash().toHex() + ".resume");
    }

    private static Bitfield pieces(int count, int... set) {
        Bitfield bits = new Bitfield(count);
        for (int index : set) {
            bits.set(index);
        }
        return bits;
    }

    /** Writes every piece of {@link #torrent} and records {@code verified}, then closes. */
    private void downloadAndRecord(Bitfield verified) throws StorageException {
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            for (int piece = 0; piece < torrent.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            storage.writeResumeRecord(verified);
        }
    }

    private Optional<Bitfield> reopenAndRead(Metainfo metainfo) throws StorageException {
        try (FilePieceStorage storage = factory.open(metainfo, downloads())) {
            return storage.readResumeRecord();
        }
    }

    @Test
    void aRecordSurvivesReopeningTheStorage() throws Exception {
        Bitfield verified = pieces(3, 0, 2);

        downloadAndRecord(verified);

        assertTrue(Files.isRegularFile(recordOf(torrent)));
        assertEquals(Optional.of(verified), reopenAndRead(torrent));
    }

    @Test
    void aRecordTakenWhileAFileWasStillUnwrittenHoldsUntilThatFileIsWritten() throws Exception {
        // Only pieces 1 and 2 touch d/b. Whether it was created ahead by the time of the record or not, the
        // record says how it was, so it holds.
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.writeResumeRecord(pieces(3, 0));
        }

        assertEquals(Optional.of(pieces(3, 0)), reopenAndRead(torrent), "the file is as recorded");

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(2, Torrents.inBlocks(Torrents.piece(torrent, stream, 2)));
        }
        assertEquals(Optional.empty(), reopenAndRead(torrent), "a write since the record makes it stale");
    }

    @Test
    void theRecordIsReadableFromTheSameStorageRightAfterWriting() throws Exception {
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));
            storage.writeResumeRecord(pieces(3, 1));

            assertEquals(Optional.of(pieces(3, 1)), storage.readResumeRecord());
        }
    }

    @Test
    void openingCompleteFilesLeavesTheirModificationTimesAlone() throws Exception {
        downloadAndRecord(pieces(3));
        List<Path> files = List.of(downloads().resolve("t").resolve("a"), downloads().resolve("t").resolve("empty"),
                downloads().resolve("t").resolve("d").resolve("b"));
        for (Path file : files) {
            Files.setLastModifiedTime(file, LONG_AGO);
        }

        factory.open(torrent, downloads()).close();

        for (Path file : files) {
            assertEquals(LONG_AGO, Files.getLastModifiedTime(file), file.toString());
        }
    }

    @Test
    void noRecordReadsAsEmpty() throws Exception {
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }
        assertFalse(Files.exists(recordFolder()), "reading must not create the record folder");
    }

    @Test
    void aDamagedRecordReadsAsEmpty() throws Exception {
        downloadAndRecord(pieces(3, 0, 1, 2));
        byte[] good = Files.readAllBytes(recordOf(torrent));
        List<byte[]> damaged = List.of(new byte[0], "garbage".getBytes(), Arrays.copyOf(good, good.length / 2),
                new byte[good.length]);

        for (byte[] bytes : damaged) {
            Files.write(recordOf(torrent), bytes);
            assertEquals(Optional.empty(), reopenAndRead(torrent));
        }
        // The same files with the good record back: the refusals above were the record's doing.
        Files.write(recordOf(torrent), good);
        assertEquals(Optional.of(pieces(3, 0, 1, 2)), reopenAndRead(torrent));
    }

    @Test
    void anotherTorrentsRecordReadsAsEmpty() throws Exception {
        Metainfo other = Torrents.withInfoHash(torrent, (byte) 0x5a);
        try (FilePieceStorage storage = factory.open(other, downloads())) {
            storage.writeResumeRecord(pieces(3, 0, 1, 2));
        }
        // Its record under our name, as if renamed or copied by hand.
        Files.copy(recordOf(other), recordOf(torrent));

        assertEquals(Optional.empty(), reopenAndRead(torrent));
        assertEquals(Optional.of(pieces(3, 0, 1, 2)), reopenAndRead(other));
    }

    @Test
    void aRecordOfTheSameFilesCutIntoOtherPiecesReadsAsEmpty() throws Exception {
        // Same info-hash and files, pieces of 4 instead of 10: as if the record were made by a broken writer.
        Metainfo smallerPieces = Torrents.multiFile("t", 4,
                file(12, "t", "a"), file(0, "t", "empty"), file(9, "t", "d", "b"));
        try (FilePieceStorage storage = factory.open(smallerPieces, downloads())) {
            storage.writeResumeRecord(pieces(6, 0));
        }

        assertEquals(Optional.empty(), reopenAndRead(torrent));
    }

    @Test
    void aFileChangedAfterTheRecordMakesItStale() throws Exception {
        downloadAndRecord(pieces(3, 0, 1, 2));
        Path b = downloads().resolve("t").resolve("d").resolve("b");
        Files.write(b, new byte[9]);
        Files.setLastModifiedTime(b, LONG_AGO);

        assertEquals(Optional.empty(), reopenAndRead(torrent));
    }

    @Test
    void aFileWithOnlyItsModificationTimeChangedMakesTheRecordStale() throws Exception {
        downloadAndRecord(pieces(3, 0, 1, 2));
        Path a = downloads().resolve("t").resolve("a");
        byte[] content = Files.readAllBytes(a);
        Files.setLastModifiedTime(a, LONG_AGO);

        assertEquals(Optional.empty(), reopenAndRead(torrent));
        assertArrayEquals(content, Files.readAllBytes(a));
    }

    @Test
    void aFileTruncatedWithItsTimeRestoredMakesTheRecordStale() throws Exception {
        Path a = downloads().resolve("t").resolve("a");
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.flush();
            Files.setLastModifiedTime(a, LONG_AGO);
            storage.writeResumeRecord(pieces(3, 0));
            assertEquals(Optional.of(pieces(3, 0)), storage.readResumeRecord());

            try (FileChannel channel = FileChannel.open(a, StandardOpenOption.WRITE)) {
                channel.truncate(11);
            }
            Files.setLastModifiedTime(a, LONG_AGO);

            // Only the size differs now.
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }
    }

    @Test
    void aFileTruncatedBeforeReopeningMakesTheRecordStaleThoughOpeningRestoresItsLength() throws Exception {
        Path a = downloads().resolve("t").resolve("a");
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.flush();
            Files.setLastModifiedTime(a, LONG_AGO);
            storage.writeResumeRecord(pieces(3, 0));
        }
        try (FileChannel channel = FileChannel.open(a, StandardOpenOption.WRITE)) {
            channel.truncate(3);
        }
        Files.setLastModifiedTime(a, LONG_AGO);

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertEquals(12, Files.size(a));
            // Even a coarse clock that left the time unchanged must not let piece 0, now zeros, pass as verified.
            Files.setLastModifiedTime(a, LONG_AGO);
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }
    }

    @Test
    void aDeletedEmptyFileMakesTheRecordStale() throws Exception {
        downloadAndRecord(pieces(3, 0, 1, 2));
        Files.delete(downloads().resolve("t").resolve("empty"));

        assertEquals(Optional.empty(), reopenAndRead(torrent));
    }

    @Test
    void writingLeavesNoTemporaryFileBehindAndClearsOneLeftByACrash() throws Exception {
        Files.createDirectories(recordFolder());
        Path leftover = recordFolder().resolve(torrent.infoHash().toHex() + ".resume.tmp");
        Files.write(leftover, "half a record".getBytes());

        downloadAndRecord(pieces(3, 1));
        downloadAndRecord(pieces(3, 2));

        try (Stream<Path> listing = Files.list(recordFolder())) {
            assertEquals(List.of(recordOf(torrent)), listing.toList());
        }
    }

    @Test
    void writingTwiceKeepsOnlyTheLatest() throws Exception {
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writeResumeRecord(pieces(3, 0, 1));
            storage.writeResumeRecord(pieces(3, 2));
        }

        assertEquals(Optional.of(pieces(3, 2)), reopenAndRead(torrent));
    }

    @Test
    void aTorrentNamedLikeTheRecordFolderKeepsNoRecordAndItsDataIsIntact() throws Exception {
        Metainfo colliding = Torrents.multiFile(".gorrent-resume", 10,
                file(12, ".gorrent-resume", "a"), file(9, ".gorrent-resume", "b"));
        Path folder = downloads().resolve(".gorrent-resume");

        try (FilePieceStorage storage = factory.open(colliding, downloads())) {
            for (int piece = 0; piece < colliding.pieceCount(); piece++) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(colliding, stream, piece)));
            }
            storage.writeResumeRecord(pieces(3, 0, 1, 2));
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }

        try (Stream<Path> listing = Files.list(folder)) {
            assertEquals(List.of(folder.resolve("a"), folder.resolve("b")), listing.sorted().toList());
        }
        assertEquals(Optional.empty(), reopenAndRead(colliding));
        assertArrayEquals(Arrays.copyOfRange(stream, 0, 12), Files.readAllBytes(folder.resolve("a")));
        assertArrayEquals(Arrays.copyOfRange(stream, 12, 21), Files.readAllBytes(folder.resolve("b")));
    }

    @Test
    void theNameCollisionIsFoundWhateverTheCase() throws Exception {
        Metainfo colliding = Torrents.singleFile(".GoRRent-Resume", 5, 4);
        Path file = downloads().resolve(".GoRRent-Resume");

        try (FilePieceStorage storage = factory.open(colliding, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(new byte[] {1, 2, 3, 4}));
            storage.writeResumeRecord(pieces(2, 0));
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }

        assertTrue(Files.isRegularFile(file));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0}, Files.readAllBytes(file));
        assertFalse(Files.exists(recordOf(colliding)));
    }

    @Test
    void aFileNamedLikeTheRecordFolderFailsAnotherTorrentsWriteAndIsLeftAlone() throws Exception {
        Metainfo colliding = Torrents.withInfoHash(Torrents.singleFile(".gorrent-resume", 3, 4), (byte) 1);
        try (FilePieceStorage storage = factory.open(colliding, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(new byte[] {7, 8, 9}));
        }

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            StorageException e = assertThrows(StorageException.class, () -> storage.writeResumeRecord(pieces(3, 0)));
            assertTrue(e.getMessage().contains(recordFolder().toString()), e.getMessage());
            assertEquals(Optional.empty(), storage.readResumeRecord());
        }

        assertArrayEquals(new byte[] {7, 8, 9}, Files.readAllBytes(recordFolder()));
    }

    @Test
    void aRecordFolderLinkLeadingOutsideIsNeitherWrittenNorRead() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        downloadAndRecord(pieces(3, 0, 1, 2));
        // A genuine record, moved outside and linked back in place of the record folder.
        Files.move(recordOf(torrent), outside.resolve(recordOf(torrent).getFileName()));
        Files.delete(recordFolder());
        Files.createSymbolicLink(recordFolder(), outside);

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertEquals(Optional.empty(), storage.readResumeRecord());
            StorageException e = assertThrows(StorageException.class, () -> storage.writeResumeRecord(pieces(3, 1)));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }

        try (Stream<Path> listing = Files.list(outside)) {
            assertEquals(List.of(outside.resolve(recordOf(torrent).getFileName())), listing.toList());
        }
    }

    @Test
    void aRecordThatIsALinkIsNotFollowed() throws Exception {
        downloadAndRecord(pieces(3, 0, 1, 2));
        Path outside = temp.resolve("outside.resume");
        Files.move(recordOf(torrent), outside);
        Files.createSymbolicLink(recordOf(torrent), outside);

        assertEquals(Optional.empty(), reopenAndRead(torrent));

        byte[] outsideBefore = Files.readAllBytes(outside);
        downloadAndRecord(pieces(3, 1));
        // The link itself was replaced; what it pointed at is untouched.
        assertFalse(Files.isSymbolicLink(recordOf(torrent)));
        assertArrayEquals(outsideBefore, Files.readAllBytes(outside));
        assertEquals(Optional.of(pieces(3, 1)), reopenAndRead(torrent));
    }

    @Test
    void everythingWrittenStaysInsideTheDownloadFolder() throws Exception {
        downloadAndRecord(pieces(3, 0));
        downloadAndRecord(pieces(3, 0, 1));

        try (Stream<Path> everything = Files.walk(temp)) {
            for (Path path : everything.filter(Files::isRegularFile).toList()) {
                assertTrue(path.startsWith(downloads()), path + " is outside " + downloads());
            }
        }
        assertTrue(Files.isRegularFile(recordOf(torrent)));
    }

    @Test
    void aBitfieldOfTheWrongSizeIsRefusedAndNothingIsWritten() throws Exception {
        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertThrows(IllegalArgumentException.class, () -> storage.writeResumeRecord(pieces(4, 0)));
        }
        assertFalse(Files.exists(recordFolder()));
    }

    @Test
    void aClosedStorageNeitherReadsNorWritesRecords() throws Exception {
        FilePieceStorage storage = factory.open(torrent, downloads());
        storage.close();

        StorageException write = assertThrows(StorageException.class, () -> storage.writeResumeRecord(pieces(3)));
        StorageException read = assertThrows(StorageException.class, storage::readResumeRecord);

        assertTrue(write.getMessage().contains("closed"), write.getMessage());
        assertTrue(read.getMessage().contains("closed"), read.getMessage());
        assertFalse(Files.exists(recordFolder()));
    }

    @Test
    void recordsWrittenWhilePiecesAreBeingWrittenNeverFailAndTheLastOneHolds() throws Exception {
        Metainfo many = manyFiles();
        byte[] content = Torrents.content(many.totalLength(), 12);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FilePieceStorage storage = new FileStorageFactory(3).open(many, downloads())) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int piece = first; piece < many.pieceCount(); piece += threads) {
                        storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(many, content, piece)));
                    }
                    return null;
                }));
            }
            for (int round = 0; round < 20; round++) {
                storage.writeResumeRecord(pieces(many.pieceCount(), round % many.pieceCount()));
            }
            for (Future<?> done : work) {
                done.get(60, TimeUnit.SECONDS);
            }
            storage.writeResumeRecord(Bitfield.full(many.pieceCount()));
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Optional.of(Bitfield.full(many.pieceCount())), reopenAndRead(many));
        for (FileEntry entry : many.files()) {
            Path path = downloads();
            for (String element : entry.path()) {
                path = path.resolve(element);
            }
            int from = Math.toIntExact(entry.offset());
            assertArrayEquals(Arrays.copyOfRange(content, from, from + Math.toIntExact(entry.length())),
                    Files.readAllBytes(path), entry.displayPath());
        }
    }

    private static Metainfo manyFiles() {
        List<Torrents.Spec> specs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            specs.add(file(i % 5 == 0 ? 0 : 7 + i, "many", "f" + i));
        }
        return Torrents.multiFile("many", 32, specs);
    }
}
