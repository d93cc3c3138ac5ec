package dev.gorrent.cli.hostile;

import dev.gorrent.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A torrent argument that is not a readable file: missing, a folder, endless, unreadable, or below a
 * file. Each is one line and exit code 2, for {@code info} and {@code download} alike, and a download
 * creates nothing. (A file made unreadable with chmod is in {@code HostileCliIT}: the tests may run as
 * root, whom permissions do not stop, so that test drops root first.)
 */
class TorrentFileProblemsTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aMissingFile(String command) {
        Path missing = temp.resolve("nothing-here.torrent");

        assertOneLine(command, missing, "gorrent: torrent file " + missing + ": no such file");
    }

    /** Not a file name that happens to be missing: say what is wrong with it instead. */
    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aMagnetLink(String command) {
        Path magnet = Path.of("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x");

        assertOneLine(command, magnet, "gorrent: magnet links are not supported yet: give the path of a .torrent file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aFileInAMissingFolder(String command) {
        Path missing = temp.resolve("no-folder").resolve("x.torrent");

        assertOneLine(command, missing, "gorrent: torrent file " + missing + ": no such file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aFolderInsteadOfAFile(String command) throws Exception {
        Path folder = Files.createDirectories(temp.resolve("looks-like.torrent"));

        assertOneLine(command, folder, "gorrent: torrent file " + folder + ": is a folder, not a file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aPathThroughAFile(String command) throws Exception {
        Path file = Files.writeString(temp.resolve("plain.txt"), "not a folder");
        Path below = file.resolve("x.torrent");

        assertOneLine(command, below, "gorrent: torrent file " + below + ": cannot read: Not a directory");
    }

    /** Endless input: read up to the size limit and no further, however much the source could give. */
    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aDeviceThatNeverEnds(String command) {
        Path zero = Path.of("/dev/zero");

        assertOneLine(command, zero,
                "gorrent: torrent file /dev/zero: larger than the 10000000-byte limit for torrent files");
    }

    /** Unreadable even for root: reading a process's memory at address 0 fails with an I/O error. */
    @ParameterizedTest
    @ValueSource(strings = {"info", "download"})
    void aFileThatFailsToRead(String command) {
        Path memory = Path.of("/proc/self/mem");

        assertOneLine(command, memory, "gorrent: torrent file /proc/self/mem: cannot read: Input/output error");
    }

    @Test
    void aDownloadFolderThatIsAFile() throws Exception {
        Path torrent = Files.write(temp.resolve("ok.torrent"), BrokenTorrents.validSingleFile());
        Path file = Files.writeString(temp.resolve("a-file"), "in the way");

        InProcessCli.Result run = InProcessCli.run("download", torrent.toString(), "--dir", file.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.describe());
        assertEquals(List.of("gorrent: --dir " + file + " is a file, not a folder"), run.errLines(), run.describe());
        assertEquals("in the way", Files.readString(file));
    }

    private void assertOneLine(String command, Path torrent, String expectedLine) {
        Path downloads = temp.resolve("downloads");
        InProcessCli.Result run = command.equals("download")
                ? InProcessCli.run("download", torrent.toString(), "--dir", downloads.toString())
                : InProcessCli.run("info", torrent.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.describe());
        assertEquals(List.of(expectedLine), run.errLines(), run.describe());
        assertEquals("", run.out(), run.describe());
        assertFalse(Files.exists(downloads), "no download folder\n" + run.describe());
    }
}
