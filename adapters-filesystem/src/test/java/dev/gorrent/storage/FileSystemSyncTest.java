package dev.gorrent.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project builds and tests on Linux (README), where the calls below reach the kernel for real. */
class FileSystemSyncTest {
    @TempDir
    Path folder;

    @Test
    void onlyLinuxFrom5Point8OnReportsWriteBackErrors() {
        assertTrue(FileSystemSync.isSupported("Linux", "6.18.44-fc-v1300"));
        assertTrue(FileSystemSync.isSupported("Linux", "5.8.0"));
        assertTrue(FileSystemSync.isSupported("Linux", "5.10"));
        assertFalse(FileSystemSync.isSupported("Linux", "5.7.19"));
        assertFalse(FileSystemSync.isSupported("Linux", "4.19.0-26-amd64"));
        assertFalse(FileSystemSync.isSupported("Linux", "6"));
        assertFalse(FileSystemSync.isSupported("Linux", "unknown"));
        assertFalse(FileSystemSync.isSupported("Mac OS X", "23.1.0"));
        assertFalse(FileSystemSync.isSupported("Windows 11", "10.0"));
    }

    @Test
    void meminfoLinesAreReadInKibibytes() {
        assertEquals(OptionalLong.of(1234L * 1024), FileSystemSync.parseKibLine("Dirty:            1234 kB"));
        assertEquals(OptionalLong.of(0), FileSystemSync.parseKibLine("Dirty: 0 kB"));
        assertEquals(OptionalLong.empty(), FileSystemSync.parseKibLine("Dirty: 1234"));
        assertEquals(OptionalLong.empty(), FileSystemSync.parseKibLine("Dirty: many kB"));
        assertEquals(OptionalLong.empty(), FileSystemSync.parseKibLine("Dirty: 12 MB"));
    }

    @Test
    void theSystemsDirtyBytesAreKnownHere() {
        OptionalLong dirty = FileSystemSync.systemDirtyBytes();
        assertTrue(dirty.isPresent());
        assertTrue(dirty.getAsLong() >= 0);
    }

    @Test
    void foldersOnOneFileSystemShareOneDescriptorThatSyncs() throws IOException {
        Path a = Files.createDirectory(folder.resolve("a"));
        Path b = Files.createDirectories(folder.resolve("b").resolve("c"));
        Files.write(a.resolve("file"), new byte[4096]);

        Optional<FileSystemSync> opened = FileSystemSync.open(List.of(a, b, folder));

        assertTrue(opened.isPresent(), "syncfs is available on the machines this builds on");
        try (FileSystemSync sync = opened.get()) {
            assertEquals(1, sync.fileSystems());
            sync.syncAll();
            sync.syncAll();
        }
    }

    @Test
    void aClosedOneRefusesToSyncAndNamesItsFolder() {
        FileSystemSync sync = FileSystemSync.open(List.of(folder)).orElseThrow();
        sync.close();
        sync.close();

        IOException e = assertThrows(IOException.class, sync::syncAll);
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
    }

    @Test
    void aMissingFolderOrNoneOpensNothing() {
        assertTrue(FileSystemSync.open(List.of(folder, folder.resolve("missing"))).isEmpty());
        assertTrue(FileSystemSync.open(List.of()).isEmpty());
    }
}
