package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.gorrent.storage.Torrents.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStorageFactoryTest {
    @TempDir
    Path temp;

    private final FileStorageFactory factory = new FileStorageFactory();

    private Path downloads() {
        return temp.resolve("downloads");
    }

    @Test
    void singleFileTorrentLivesAtFolderSlashNameFromItsFirstWrite() throws Exception {
        Metainfo torrent = Torrents.singleFile("movie.mkv", 100, 32);
        Path file = downloads().resolve("movie.mkv");

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertFalse(Files.exists(file), "not created before anything is written to it");
            storage.writePiece(1, Torrents.inBlocks(new byte[32]));
        }

        assertTrue(Files.isRegularFile(file));
        assertEquals(100, Files.size(file), "created at full length, the rest a hole");
    }

    @Test
    void multiFileTorrentLivesUnderItsNameWithSubfolders() throws Exception {
        Metainfo torrent = Torrents.multiFile("album", 16,
                file(10, "album", "a", "b"), file(7, "album", "c.txt"));

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertTrue(Files.isDirectory(downloads().resolve("album").resolve("a")), "folders are made at open");
            storage.writePiece(1, Torrents.inBlocks(new byte[1]));
            storage.writePiece(0, Torrents.inBlocks(new byte[16]));
        }

        assertEquals(10, Files.size(downloads().resolve("album").resolve("a").resolve("b")));
        assertEquals(7, Files.size(downloads().resolve("album").resolve("c.txt")));
    }

    @Test
    void zeroLengthFilesAreCreated() throws Exception {
        Metainfo torrent = Torrents.multiFile("t", 16,
                file(0, "t", "empty-first"), file(5, "t", "data"), file(0, "t", "sub", "empty-last"));

        factory.open(torrent, downloads()).close();

        Path empty = downloads().resolve("t").resolve("empty-first");
        Path emptyInFolder = downloads().resolve("t").resolve("sub").resolve("empty-last");
        assertTrue(Files.isRegularFile(empty));
        assertEquals(0, Files.size(empty));
        assertTrue(Files.isRegularFile(emptyInFolder));
        assertEquals(0, Files.size(emptyInFolder));
    }

    @Test
    void existingDataIsKeptAndOnlyCompleteFilesMayHoldPieces() throws Exception {
        // Pieces of 10: piece 0 and 1 in "full", piece 2 in "short", piece 3 in "missing".
        Metainfo torrent = Torrents.multiFile("t", 10,
                file(20, "t", "full"), file(10, "t", "short"), file(10, "t", "missing"));
        Path folder = Files.createDirectories(downloads().resolve("t"));
        byte[] full = Torrents.content(20, 1);
        Files.write(folder.resolve("full"), full);
        Files.write(folder.resolve("short"), new byte[] {1, 2, 3});

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertArrayEquals(full, Files.readAllBytes(folder.resolve("full")));
            byte[] shortNow = Files.readAllBytes(folder.resolve("short"));
            assertEquals(10, shortNow.length);
            assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 0, 0, 0, 0}, shortNow);
            assertFalse(Files.exists(folder.resolve("missing")), "created by its first write");

            assertTrue(storage.mayHoldPiece(0));
            assertTrue(storage.mayHoldPiece(1));
            assertFalse(storage.mayHoldPiece(2));
            assertFalse(storage.mayHoldPiece(3));
        }
    }

    @Test
    void aPieceOverlappingAShortFileMayNotHoldData() throws Exception {
        // Piece 0 covers all of "a" and the start of "b"; "b" is short.
        Metainfo torrent = Torrents.multiFile("t", 10, file(6, "t", "a"), file(14, "t", "b"));
        Path folder = Files.createDirectories(downloads().resolve("t"));
        Files.write(folder.resolve("a"), new byte[6]);
        Files.write(folder.resolve("b"), new byte[13]);

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertFalse(storage.mayHoldPiece(0));
            assertFalse(storage.mayHoldPiece(1));
        }
    }

    @Test
    void longerExistingFileIsLeftAsItIs() throws Exception {
        Metainfo torrent = Torrents.singleFile("f", 10, 4);
        Files.createDirectories(downloads());
        byte[] longer = Torrents.content(25, 2);
        Files.write(downloads().resolve("f"), longer);

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            assertArrayEquals(longer, Files.readAllBytes(downloads().resolve("f")));
            assertTrue(storage.mayHoldPiece(2));
            byte[] lastPiece = new byte[2];
            storage.readPiece(2, ByteBuffer.wrap(lastPiece));
            assertArrayEquals(Arrays.copyOfRange(longer, 8, 10), lastPiece);
        }
    }

    @Test
    void aFolderWhereAFileMustBeIsRefusedByName() throws Exception {
        Metainfo torrent = Torrents.multiFile("t", 16, file(5, "t", "a"), file(5, "t", "b"));
        Path inTheWay = Files.createDirectories(downloads().resolve("t").resolve("b"));

        StorageException e = assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertTrue(e.getMessage().contains(inTheWay.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("folder is in the way"), e.getMessage());
    }

    @Test
    void aFileWhereAFolderMustBeIsRefusedByName() throws Exception {
        Metainfo torrent = Torrents.multiFile("t", 16, file(5, "t", "sub", "a"));
        Files.createDirectories(downloads().resolve("t"));
        Files.write(downloads().resolve("t").resolve("sub"), new byte[] {9});

        StorageException e = assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertTrue(e.getMessage().contains(downloads().resolve("t").resolve("sub").toString()), e.getMessage());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(downloads().resolve("t").resolve("sub")));
    }

    @Test
    void dotDotInAPathIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Metainfo torrent = Torrents.withEntries("t", 10, 16, List.of(
                new FileEntry(List.of("t", "fine"), 5, 0),
                new FileEntry(List.of("t", "..", "..", "escaped"), 5, 5)));

        StorageException e = assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertTrue(e.getMessage().contains("outside the download folder"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("escaped")));
        // Paths are all checked before anything is created.
        assertFalse(Files.exists(downloads().resolve("t")));
    }

    @Test
    void aPathThatNormalisesToTheFolderItselfIsRefused() {
        Metainfo torrent = Torrents.withEntries("t", 5, 16, List.of(new FileEntry(List.of("t", ".."), 5, 0)));

        assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));
    }

    @Test
    void anAbsolutePathElementIsRefused() {
        Path outside = temp.resolve("outside-file");
        Metainfo torrent = Torrents.withEntries("t", 5, 16,
                List.of(new FileEntry(List.of("t", outside.toString()), 5, 0)));

        assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertFalse(Files.exists(outside));
    }

    @Test
    void aFolderLinkLeadingOutsideIsRefused() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(downloads());
        Files.createSymbolicLink(downloads().resolve("t"), outside);
        Metainfo torrent = Torrents.multiFile("t", 16, file(5, "t", "a"));

        StorageException e = assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("a")));
    }

    @Test
    void aFileLinkLeadingOutsideIsRefusedAndItsTargetUntouched() throws Exception {
        Path outside = temp.resolve("precious");
        Files.write(outside, new byte[] {7});
        Files.createDirectories(downloads());
        Files.createSymbolicLink(downloads().resolve("f"), outside);
        Metainfo torrent = Torrents.singleFile("f", 100, 16);

        assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertArrayEquals(new byte[] {7}, Files.readAllBytes(outside));
    }

    @Test
    void aDanglingFileLinkIsRefusedRatherThanCreatingItsTarget() throws Exception {
        Path target = temp.resolve("nowhere");
        Files.createDirectories(downloads());
        Files.createSymbolicLink(downloads().resolve("f"), target);
        Metainfo torrent = Torrents.singleFile("f", 10, 16);

        assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertFalse(Files.exists(target));
    }

    @Test
    void linksThatStayInsideTheFolderAreFollowed() throws Exception {
        Path real = Files.createDirectories(downloads().resolve("real"));
        Files.createSymbolicLink(downloads().resolve("t"), real);
        Metainfo torrent = Torrents.multiFile("t", 16, file(5, "t", "a"));

        try (FilePieceStorage storage = factory.open(torrent, downloads())) {
            storage.writePiece(0, Torrents.inBlocks(new byte[] {1, 2, 3, 4, 5}));
        }

        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(real.resolve("a")));
    }

    @Test
    void theDownloadFolderMayItselfBeALink() throws IOException, StorageException {
        Path real = Files.createDirectories(temp.resolve("real-downloads"));
        Path link = Files.createSymbolicLink(temp.resolve("link-downloads"), real);

        try (FilePieceStorage storage = factory.open(Torrents.singleFile("f", 3, 16), link)) {
            storage.writePiece(0, Torrents.inBlocks(new byte[] {4, 5, 6}));
        }

        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(real.resolve("f")));
    }

    @Test
    void twoFilesAtTheSamePlaceAreRefused() {
        Metainfo torrent = Torrents.withEntries("t", 10, 16, List.of(
                new FileEntry(List.of("t", "x"), 5, 0),
                new FileEntry(List.of("t", "y", "..", "x"), 5, 5)));

        StorageException e = assertThrows(StorageException.class, () -> factory.open(torrent, downloads()));

        assertTrue(e.getMessage().contains("both"), e.getMessage());
    }

    @Test
    void filesThatDoNotFollowEachOtherAreRejected() {
        Metainfo gap = Torrents.withEntries("t", 10, 16, List.of(
                new FileEntry(List.of("t", "a"), 4, 0),
                new FileEntry(List.of("t", "b"), 5, 5)));
        Metainfo tooShort = Torrents.withEntries("t", 10, 16, List.of(new FileEntry(List.of("t", "a"), 9, 0)));

        assertThrows(IllegalArgumentException.class, () -> factory.open(gap, downloads()));
        assertThrows(IllegalArgumentException.class, () -> factory.open(tooShort, downloads()));
    }

    @Test
    void theOpenFileBoundMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FileStorageFactory(0));
    }
}
