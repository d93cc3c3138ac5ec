package dev.gorrent.storage.content;

import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentReader;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.domain.metainfo.ContentFile;
import dev.gorrent.domain.metainfo.TorrentContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileContentSourceTest {
    private final FileContentSource source = new FileContentSource();

    @TempDir
    Path temp;

    private static byte[] bytes(int length, int seed) {
        byte[] data = new byte[length];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    private static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static ContentFile file(long length, String... path) {
        return new ContentFile(List.of(path), length);
    }

    private static byte[] readAll(ContentReader reader, long length) throws ContentException {
        byte[] all = new byte[Math.toIntExact(length)];
        reader.read(0, all, all.length);
        return all;
    }

    @Test
    void aFileIsASingleFileTorrentNamedAfterIt() throws Exception {
        write(temp.resolve("movie.mkv"), bytes(1234, 1));

        assertEquals(new TorrentContent.SingleFile("movie.mkv", 1234), source.scan(temp.resolve("movie.mkv")));
    }

    @Test
    void aFolderListsEveryFileSortedWithEmptyAndHiddenFilesButNotEmptyFolders() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("b.flac"), bytes(300, 2));
        write(album.resolve("a").resolve("z.txt"), bytes(5, 3));
        write(album.resolve(".hidden"), bytes(7, 4));
        write(album.resolve("a").resolve("deeper").resolve("empty"), new byte[0]);
        Files.createDirectories(album.resolve("nothing").resolve("here"));

        TorrentContent content = source.scan(album);

        assertEquals(new TorrentContent.Folder("album", List.of(
                file(7, ".hidden"),
                file(0, "a", "deeper", "empty"),
                file(5, "a", "z.txt"),
                file(300, "b.flac"))), content);
    }

    @Test
    void theCurrentFolderIsNamedAfterItself() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("x"), bytes(3, 5));

        assertEquals("album", source.scan(album.resolve(".")).name());
        assertEquals("album", source.scan(album.resolve("sub").resolve("..")).name());
    }

    @Test
    void readsTheStreamAcrossFileBoundariesAndEmptyFiles() throws Exception {
        Path album = temp.resolve("album");
        byte[] a = bytes(10_000, 6);
        byte[] c = bytes(25_001, 7);
        write(album.resolve("a"), a);
        write(album.resolve("b-empty"), new byte[0]);
        write(album.resolve("c").resolve("c"), c);
        write(album.resolve("d-empty"), new byte[0]);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(a);
        stream.writeBytes(c);
        byte[] expected = stream.toByteArray();
        TorrentContent content = source.scan(album);

        try (ContentReader reader = source.openReader(album, content)) {
            assertArrayEquals(expected, readAll(reader, content.totalLength()));
            SplittableRandom random = new SplittableRandom(8);
            for (int i = 0; i < 200; i++) {
                int offset = random.nextInt(expected.length);
                int length = random.nextInt(expected.length - offset + 1);
                byte[] into = new byte[length + 3];
                reader.read(offset, into, length);
                assertArrayEquals(Arrays.copyOfRange(expected, offset, offset + length), Arrays.copyOf(into, length),
                        "bytes " + offset + ".." + (offset + length));
            }
        }
    }

    @Test
    void readsASingleFile() throws Exception {
        byte[] data = bytes(40_000, 9);
        Path file = write(temp.resolve("one.bin"), data);
        TorrentContent content = source.scan(file);

        try (ContentReader reader = source.openReader(file, content)) {
            assertArrayEquals(data, readAll(reader, data.length));
        }
    }

    @Test
    void aMissingPathIsInvalid() {
        InvalidContentException error = assertThrows(InvalidContentException.class,
                () -> source.scan(temp.resolve("nope")));
        assertEquals(temp.resolve("nope") + ": no such file or folder", error.getMessage());
    }

    @Test
    void aFolderWithoutFilesIsInvalid() throws Exception {
        Files.createDirectories(temp.resolve("empty").resolve("only").resolve("folders"));

        InvalidContentException error = assertThrows(InvalidContentException.class,
                () -> source.scan(temp.resolve("empty")));

        assertEquals(temp.resolve("empty") + ": the folder holds no files", error.getMessage());
    }

    @Test
    void theRootFolderHasNoName() {
        Path root = temp.getRoot();
        InvalidContentException error = assertThrows(InvalidContentException.class, () -> source.scan(root));
        assertTrue(error.getMessage().contains("has no name"), error.getMessage());
    }

    @Test
    void aLinkToAFileInsideIsReadThrough() throws Exception {
        Path album = temp.resolve("album");
        byte[] data = bytes(99, 10);
        write(album.resolve("real.txt"), data);
        Files.createSymbolicLink(album.resolve("alias.txt"), Path.of("real.txt"));

        TorrentContent content = source.scan(album);

        assertEquals(List.of(file(99, "alias.txt"), file(99, "real.txt")), content.files());
        try (ContentReader reader = source.openReader(album, content)) {
            byte[] twice = readAll(reader, 198);
            assertArrayEquals(data, Arrays.copyOfRange(twice, 0, 99));
            assertArrayEquals(data, Arrays.copyOfRange(twice, 99, 198));
        }
    }

    @Test
    void aLinkLeavingTheFolderIsRefused() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("ok"), bytes(1, 11));
        Path secret = write(temp.resolve("secret"), bytes(5, 12));
        Files.createSymbolicLink(album.resolve("escape"), secret);

        InvalidContentException error = assertThrows(InvalidContentException.class, () -> source.scan(album));

        assertTrue(error.getMessage().startsWith(album.resolve("escape") + ": is a symbolic link to "),
                error.getMessage());
        assertTrue(error.getMessage().contains("outside " + album), error.getMessage());
    }

    @Test
    void aLinkThroughParentFoldersThatLeavesIsRefused() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("ok"), bytes(1, 11));
        write(temp.resolve("album-other").resolve("x"), bytes(1, 12));
        Files.createSymbolicLink(album.resolve("sneaky"), Path.of("..", "album-other", "x"));

        assertThrows(InvalidContentException.class, () -> source.scan(album));
    }

    @Test
    void aLinkToAFolderOrToNothingIsRefused() throws Exception {
        Path withFolderLink = temp.resolve("a");
        write(withFolderLink.resolve("inner").resolve("f"), bytes(1, 13));
        Files.createSymbolicLink(withFolderLink.resolve("loop"), Path.of("."));
        InvalidContentException folder = assertThrows(InvalidContentException.class, () -> source.scan(withFolderLink));
        assertTrue(folder.getMessage().contains("symbolic link to a folder"), folder.getMessage());

        Path withDangling = temp.resolve("b");
        write(withDangling.resolve("f"), bytes(1, 14));
        Files.createSymbolicLink(withDangling.resolve("gone"), Path.of("missing"));
        InvalidContentException dangling = assertThrows(InvalidContentException.class, () -> source.scan(withDangling));
        assertEquals(withDangling.resolve("gone") + ": is a symbolic link to nothing", dangling.getMessage());
    }

    @Test
    void aPathThatIsALinkIsFollowedAndKeepsItsName() throws Exception {
        Path real = temp.resolve("real");
        write(real.resolve("f"), bytes(3, 15));
        Path link = Files.createSymbolicLink(temp.resolve("shown"), real);

        TorrentContent content = source.scan(link);

        assertEquals(new TorrentContent.Folder("shown", List.of(file(3, "f"))), content);
        try (ContentReader reader = source.openReader(link, content)) {
            assertArrayEquals(bytes(3, 15), readAll(reader, 3));
        }
    }

    @Test
    void aPipeIsRefusedAsASpecialFile() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("ok"), bytes(1, 16));
        Path fifo = album.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo made the pipe");

        InvalidContentException inFolder = assertThrows(InvalidContentException.class, () -> source.scan(album));
        assertEquals(fifo + ": is a special file (a device, pipe or socket), which a torrent cannot hold",
                inFolder.getMessage());
        InvalidContentException alone = assertThrows(InvalidContentException.class, () -> source.scan(fifo));
        assertTrue(alone.getMessage().contains("neither a regular file nor a folder"), alone.getMessage());
    }

    @Test
    void aFileThatChangedSizeSinceTheScanIsReported() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("a"), bytes(100, 17));
        write(album.resolve("b"), bytes(100, 18));
        TorrentContent content = source.scan(album);
        write(album.resolve("b"), bytes(150, 18));

        try (ContentReader reader = source.openReader(album, content)) {
            ContentException error = assertThrows(ContentException.class, () -> readAll(reader, 200));
            assertEquals(album.resolve("b") + ": has 150 bytes, but was listed with 100; it changed while the torrent"
                    + " was being made", error.getMessage());
        }
    }

    @Test
    void aFileRemovedSinceTheScanIsReported() throws Exception {
        Path album = temp.resolve("album");
        write(album.resolve("a"), bytes(100, 19));
        write(album.resolve("b"), bytes(100, 20));
        TorrentContent content = source.scan(album);
        Files.delete(album.resolve("a"));

        try (ContentReader reader = source.openReader(album, content)) {
            ContentException error = assertThrows(ContentException.class, () -> readAll(reader, 200));
            assertEquals(album.resolve("a") + ": was removed while the torrent was being made", error.getMessage());
        }
    }

    @Test
    void refusesReadsOutsideTheStream() throws Exception {
        Path file = write(temp.resolve("f"), bytes(10, 21));
        try (ContentReader reader = source.openReader(file, source.scan(file))) {
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(5, new byte[10], 6));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(-1, new byte[10], 1));
        }
    }
}
