package dev.gorrent.cli.hostile;

import dev.gorrent.cli.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.gorrent.cli.hostile.RawBencode.bytes;
import static dev.gorrent.cli.hostile.RawBencode.dict;
import static dev.gorrent.cli.hostile.RawBencode.integer;
import static dev.gorrent.cli.hostile.RawBencode.list;
import static dev.gorrent.cli.hostile.RawBencode.str;
import static dev.gorrent.cli.hostile.RawBencode.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and paths that try to leave the download folder without using {@code ..}: absolute paths,
 * separators inside an element, drive letters, dot-only names, control characters, over-long names,
 * and links planted in the folder. Gorrent (like libtorrent) sanitises the first kinds instead of
 * refusing the torrent: {@code info} shows where each file would go, and {@code download} creates
 * files only there, inside {@code --dir}. The {@code ..} and empty-path cases, which are refused,
 * are in the broken corpus.
 *
 * <p>The torrents are made per test, since their absolute paths point into the test's own folder: if
 * sanitising ever broke, the file would land in {@code outside/}, which the tests watch, and not
 * somewhere in the system.
 */
class EscapingPathsTest {
    private static final String NO_PEERS = "gorrent: the torrent lists no tracker and no --peer was given:"
            + " nowhere to find peers";

    @TempDir
    Path temp;

    private Path outside;
    private Path downloads;

    @BeforeEach
    void folders() throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        downloads = temp.resolve("downloads");
    }

    @Test
    void anAbsoluteNameBecomesOneFileInTheFolder() throws Exception {
        String absolute = outside.resolve("escaped.bin").toString();

        assertStaysInside(singleFile(absolute), List.of(absolute.replace('/', '_')));
    }

    @Test
    void aNameWithSeparatorsBecomesOneFileInTheFolder() throws Exception {
        assertStaysInside(singleFile("../outside/escaped.bin"), List.of(".._outside_escaped.bin"));
    }

    @Test
    void anAbsolutePathElementBecomesOneElement() throws Exception {
        String absolute = outside.resolve("escaped.bin").toString();

        assertStaysInside(multiFile(List.of(absolute)), List.of("album/" + absolute.replace('/', '_')));
    }

    @Test
    void anAbsolutePathSplitIntoElementsStaysUnderTheTorrentsFolder() throws Exception {
        List<String> elements = new ArrayList<>(List.of(""));
        outside.resolve("escaped.bin").forEach(element -> elements.add(element.toString()));

        assertStaysInside(multiFile(elements),
                List.of("album/" + String.join("/", elements.subList(1, elements.size()))));
    }

    @Test
    void backslashesAndDriveLettersAreNotSeparators() throws Exception {
        assertStaysInside(multiFile(List.of("..\\..\\outside\\escaped.bin"), List.of("C:\\Windows\\evil.dll")),
                List.of("album/.._.._outside_escaped.bin", "album/C__Windows_evil.dll"));
    }

    @Test
    void anElementOfOnlyDotsCannotActAsAParent() throws Exception {
        assertStaysInside(multiFile(List.of("...", "escaped.bin")), List.of("album/___/escaped.bin"));
    }

    @Test
    void controlCharactersInANameAreReplaced() throws Exception {
        assertStaysInside(singleFile("evil\n\r\u0000\u001b.txt"), List.of("evil____.txt"));
    }

    @Test
    void anOverlongNameIsCutKeepingItsExtension() throws Exception {
        assertStaysInside(singleFile("x".repeat(300) + ".bin"), List.of("x".repeat(251) + ".bin"));
    }

    @Test
    void aLinkToAFolderOutsideIsNotFollowed() throws Exception {
        Files.createDirectories(downloads);
        Files.createSymbolicLink(downloads.resolve("album"), outside);
        Path torrent = write(multiFile(List.of("escaped.bin")));

        InProcessCli.Result run = InProcessCli.run("download", torrent.toString(), "--dir", downloads.toString(),
                "--quiet");

        assertEquals(ExitCodes.RUNTIME_FAILURE, run.exitCode(), run.describe());
        assertEquals(1, run.errLines().size(), run.describe());
        assertTrue(run.err().contains("symbolic link") && run.err().contains("outside the download folder"),
                run.describe());
        assertEmpty(outside);
    }

    @Test
    void aLinkToAFileOutsideIsNotFollowed() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "keep me");
        Files.createDirectories(downloads);
        Files.createSymbolicLink(downloads.resolve("hello.txt"), victim);
        Path torrent = write(singleFile("hello.txt"));

        InProcessCli.Result run = InProcessCli.run("download", torrent.toString(), "--dir", downloads.toString(),
                "--quiet");

        assertEquals(ExitCodes.RUNTIME_FAILURE, run.exitCode(), run.describe());
        assertEquals(1, run.errLines().size(), run.describe());
        assertTrue(run.err().contains("symbolic link to " + victim), run.describe());
        assertEquals("keep me", Files.readString(victim));
        try (Stream<Path> inside = Files.list(outside)) {
            assertEquals(List.of(victim), inside.toList(), "nothing else written outside");
        }
    }

    /**
     * {@code info} shows each file at its sanitised place; {@code download} (which fails for want of
     * peers once storage is laid out) creates nothing but those files' folders, all inside the folder.
     */
    private void assertStaysInside(String torrentText, List<String> expectedPaths) throws Exception {
        Path torrent = write(torrentText);

        InProcessCli.Result info = InProcessCli.run("info", torrent.toString());

        assertEquals(ExitCodes.OK, info.exitCode(), info.describe());
        for (String path : expectedPaths) {
            assertTrue(info.out().contains("\n  " + path + "  ("), "shows " + path + "\n" + info.describe());
        }

        InProcessCli.Result download = InProcessCli.run("download", torrent.toString(), "--dir", downloads.toString(),
                "--quiet");

        assertEquals(ExitCodes.RUNTIME_FAILURE, download.exitCode(), download.describe());
        assertEquals(List.of(NO_PEERS), download.errLines(), download.describe());
        assertEmpty(outside);
        try (Stream<Path> top = Files.list(temp)) {
            assertEquals(List.of(downloads, outside, torrent).stream().sorted().toList(), top.sorted().toList(),
                    "nothing beside the download folder");
        }
        // Storage is laid out before the search for peers fails: the folders exist, exactly those info's paths need,
        // and no file yet (files are created by their first write).
        List<String> folders;
        List<String> files;
        try (Stream<Path> walk = Files.walk(downloads)) {
            List<Path> all = walk.filter(path -> !path.equals(downloads)).toList();
            folders = all.stream().filter(Files::isDirectory).map(path -> downloads.relativize(path).toString())
                    .sorted().toList();
            files = all.stream().filter(path -> !Files.isDirectory(path)).map(Path::toString).toList();
        }
        assertEquals(foldersOf(expectedPaths), folders, "created exactly the folders of what info showed");
        assertEquals(List.of(), files, "no file before anything was downloaded");
    }

    /** Every folder on the way to each path, relative to the download folder. */
    private static List<String> foldersOf(List<String> paths) {
        TreeSet<String> folders = new TreeSet<>();
        for (String path : paths) {
            for (Path parent = Path.of(path).getParent(); parent != null; parent = parent.getParent()) {
                folders.add(parent.toString());
            }
        }
        return List.copyOf(folders);
    }

    private Path write(String torrentText) throws IOException {
        return Files.write(temp.resolve("hostile.torrent"), bytes(torrentText));
    }

    private static void assertEmpty(Path folder) throws IOException {
        try (Stream<Path> inside = Files.list(folder)) {
            assertEquals(List.of(), inside.toList(), "nothing written in " + folder);
        }
    }

    /** No tracker: a download then stops right after laying out its files. */
    private static String singleFile(String name) {
        return dict("info", dict("length", integer(5), "name", str(utf8(name)), "piece length", integer(16_384),
                "pieces", str("a".repeat(20))));
    }

    @SafeVarargs
    private static String multiFile(List<String>... paths) {
        StringBuilder files = new StringBuilder();
        for (List<String> path : paths) {
            String[] elements = path.stream().map(element -> str(utf8(element))).toArray(String[]::new);
            files.append(dict("length", integer(5), "path", list(elements)));
        }
        return dict("info", dict("files", list(files.toString()), "name", str("album"), "piece length",
                integer(16_384), "pieces", str("a".repeat(20))));
    }
}
