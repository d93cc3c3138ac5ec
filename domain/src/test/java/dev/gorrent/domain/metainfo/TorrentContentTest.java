package dev.gorrent.domain.metainfo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TorrentContentTest {

    private static ContentFile file(long length, String... path) {
        return new ContentFile(List.of(path), length);
    }

    @Test
    void aSingleFileIsOneFileNamedAfterIt() {
        TorrentContent single = new TorrentContent.SingleFile("movie.mkv", 42);
        assertEquals(List.of(file(42, "movie.mkv")), single.files());
        assertEquals(42, single.totalLength());
    }

    @Test
    void aFolderAddsUpItsFiles() {
        TorrentContent folder = new TorrentContent.Folder("f", List.of(file(3, "a"), file(0, "b"), file(4, "c", "d")));
        assertEquals(7, folder.totalLength());
    }

    @Test
    void refusesAnEmptyFolderDuplicatePathsAndAFileThatIsAlsoAFolder() {
        assertThrows(IllegalArgumentException.class, () -> new TorrentContent.Folder("f", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentContent.Folder("f", List.of(file(1, "a", "b"), file(2, "a", "b"))));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TorrentContent.Folder("f", List.of(file(1, "a"), file(2, "a", "b"))));
        assertEquals("a is both a file and a folder", error.getMessage());
    }

    @Test
    void refusesNamesNoFileCanHave() {
        for (String bad : List.of("", ".", "..", "a/b", "nul\0")) {
            assertThrows(IllegalArgumentException.class, () -> new TorrentContent.SingleFile(bad, 1), bad);
            assertThrows(IllegalArgumentException.class, () -> file(1, "ok", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new ContentFile(List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> file(-1, "a"));
    }

    @Test
    void refusesFilesWhoseTotalOverflows() {
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentContent.Folder("f", List.of(file(Long.MAX_VALUE, "a"), file(1, "b"))));
    }

    @Test
    void ordersPathsElementByElementInCodePointOrder() {
        List<ContentFile> files = new ArrayList<>(List.of(
                file(1, "b"),
                file(1, "a.txt"),
                file(1, "a", "z"),
                file(1, "\uFF21"),
                file(1, "\uD83D\uDE00"),
                file(1, "B"),
                file(1, "a", "b", "c")));
        files.sort(ContentFile.BY_PATH);
        // "a" sorts before "a.txt", so folder a's files come first; U+FF21 before U+1F600, though
        // its UTF-16 form (a surrogate pair, 0xD83D...) would sort the other way.
        assertEquals(List.of(
                file(1, "B"),
                file(1, "a", "b", "c"),
                file(1, "a", "z"),
                file(1, "a.txt"),
                file(1, "b"),
                file(1, "\uFF21"),
                file(1, "\uD83D\uDE00")), files);
    }
}
