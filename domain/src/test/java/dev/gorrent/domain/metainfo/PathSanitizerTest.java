package dev.gorrent.domain.metainfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathSanitizerTest {

    private static List<String> sanitize(String... elements) throws InvalidTorrentException {
        return PathSanitizer.sanitizeFilePath("t", 0, List.of(elements));
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/etc          | _etc",
        "C:            | C_",
        "C:\\Windows   | C__Windows",
        "\\\\server\\x | __server_x",
        "a/b           | a_b",
        "...           | ___",
        "..a           | ..a",
        "plain name.iso| plain name.iso",
    })
    void sanitisesNames(String name, String expected) throws InvalidTorrentException {
        assertEquals(expected, PathSanitizer.sanitizeName(name));
    }

    @Test
    void replacesControlCharacters() throws InvalidTorrentException {
        assertEquals("_x_y_z_", PathSanitizer.sanitizeName("\u0000x\u001fy\u007fz\u0085"));
        assertEquals(List.of("t", "a_b", "c_d", "e_f", "g_h"), sanitize("a/b", "c\\d", "e:f", "g\nh"));
    }

    @Test
    void refusesNamesThatNameNoFolder() {
        for (String name : List.of("", ".", "..")) {
            InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                    () -> PathSanitizer.sanitizeName(name));
            assertEquals("torrent name '" + name + "' is not allowed", error.getMessage());
        }
    }

    @Test
    void dropsEmptyAndDotElements() throws InvalidTorrentException {
        assertEquals(List.of("t", "etc", "passwd"), sanitize("", "etc", "passwd"));
        assertEquals(List.of("t", "a", "b"), sanitize(".", "a", "", "b", "."));
    }

    @Test
    void aLongElementCutDownToItsLeadingDotsIsNotLeftAsDots() throws InvalidTorrentException {
        // 300 dots then letters: cut to 255 bytes, only dots would remain, which could mean "." or "..".
        String element = ".".repeat(300) + "x".repeat(40);
        String cut = sanitize(element).get(1);

        assertTrue(cut.length() <= PathSanitizer.MAX_ELEMENT_BYTES, cut);
        assertFalse(cut.chars().allMatch(c -> c == '.'), "an element of only dots: " + cut);
    }

    @Test
    void refusesParentElementsWherever() {
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class, () -> sanitize("a", ".."));
        assertEquals("file 0 (a/..): path element '..' is not allowed", error.getMessage());
    }

    @Test
    void namesTheFileWithPrintableText() {
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                () -> PathSanitizer.sanitizeFilePath("t", 7, List.of("a\u0000b", "..")));
        assertEquals("file 7 (a?b/..): path element '..' is not allowed", error.getMessage());
    }

    @Test
    void keepsEveryHostilePathInsideTheDownloadFolder() throws InvalidTorrentException {
        Path folder = Path.of("/downloads");
        List<List<String>> attacks = List.of(
                List.of("", "etc", "passwd"),
                List.of("/etc/passwd"),
                List.of("..\\..\\windows", "system32"),
                List.of("C:", "x"),
                List.of("C:\\x"),
                List.of("...", "x"),
                List.of(".", "a/../../b"),
                List.of("a\u0000/..", "b"));
        for (List<String> attack : attacks) {
            List<String> path = PathSanitizer.sanitizeFilePath(PathSanitizer.sanitizeName("../up"), 0, attack);
            Path resolved = folder;
            for (String element : path) {
                assertFalse(element.isEmpty() || element.equals(".") || element.equals(".."), attack + " -> " + path);
                assertFalse(element.contains("/") || element.contains("\\") || element.contains(":"),
                        attack + " -> " + path);
                resolved = resolved.resolve(element);
            }
            Path normalized = resolved.normalize();
            assertTrue(normalized.startsWith(folder.resolve(path.get(0))), attack + " -> " + normalized);
            assertEquals(path.size() + 1, normalized.getNameCount(), attack + " -> " + normalized);
        }
    }

    @Test
    void truncatesLongElementsKeepingTheExtension() throws InvalidTorrentException {
        String element = sanitize("x".repeat(300) + ".mkv").get(1);
        assertEquals(255, utf8Length(element));
        assertEquals("x".repeat(251) + ".mkv", element);
    }

    @Test
    void truncatesOnCodePointBoundaries() throws InvalidTorrentException {
        String accents = sanitize("\u00e9".repeat(200)).get(1);
        assertEquals("\u00e9".repeat(127), accents);
        String emoji = sanitize("\ud83d\ude00".repeat(100) + ".txt").get(1);
        assertEquals("\ud83d\ude00".repeat(62) + ".txt", emoji);
        assertEquals(252, utf8Length(emoji));
    }

    @Test
    void dropsAnExtensionTooLongToBeOne() throws InvalidTorrentException {
        String element = sanitize("a".repeat(250) + "." + "b".repeat(50)).get(1);
        assertEquals(("a".repeat(250) + "." + "b".repeat(50)).substring(0, 255), element);
    }

    @Test
    void leavesShortElementsAlone() throws InvalidTorrentException {
        String element = "x".repeat(251) + ".mkv";
        assertEquals(List.of("t", element), sanitize(element));
    }

    @Test
    void comparesPathsCaseSensitively() {
        List<FileEntry> files = List.of(
                new FileEntry(List.of("t", "A"), 1, 0),
                new FileEntry(List.of("t", "a"), 1, 1));
        assertDoesNotThrow(() -> PathSanitizer.requireDistinctPaths(files));
    }

    @Test
    void refusesDuplicatePaths() {
        List<FileEntry> files = List.of(
                new FileEntry(List.of("t", "a"), 1, 0),
                new FileEntry(List.of("t", "b"), 1, 1),
                new FileEntry(List.of("t", "a"), 1, 2));
        InvalidTorrentException error = assertThrows(InvalidTorrentException.class,
                () -> PathSanitizer.requireDistinctPaths(files));
        assertEquals("file 2 (t/a) has the same path as file 0", error.getMessage());
    }

    @Test
    void refusesAFileUsedAsAFolderInEitherOrder() {
        FileEntry file = new FileEntry(List.of("t", "a", "b"), 1, 0);
        FileEntry inside = new FileEntry(List.of("t", "a", "b", "c", "d"), 1, 1);
        InvalidTorrentException fileFirst = assertThrows(InvalidTorrentException.class,
                () -> PathSanitizer.requireDistinctPaths(List.of(file, inside)));
        assertEquals("file 1 (t/a/b/c/d) lies inside 't/a/b', which is file 0, not a folder", fileFirst.getMessage());
        InvalidTorrentException folderFirst = assertThrows(InvalidTorrentException.class,
                () -> PathSanitizer.requireDistinctPaths(List.of(inside, file)));
        assertEquals("file 1 (t/a/b) is also the folder of file 0 (t/a/b/c/d)", folderFirst.getMessage());
    }

    @Test
    void allowsSiblingsThatShareAFolder() {
        List<FileEntry> files = List.of(
                new FileEntry(List.of("t", "a", "b"), 1, 0),
                new FileEntry(List.of("t", "a", "c"), 1, 1),
                new FileEntry(List.of("t", "ab"), 1, 2));
        assertDoesNotThrow(() -> PathSanitizer.requireDistinctPaths(files));
    }
}
