package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken and unreadable torrent files through the packaged jar, as a user meets them: exit code 2,
 * exactly one line on stderr, no stack trace, nothing created in {@code --dir}. The in-process tests
 * in {@code dev.gorrent.cli.hostile} run the whole corpus; this runs a sample of it through the real
 * JVM, and the one case that needs another user.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileCliIT {
    /** JVM start-up included; a bound against hangs, not a speed target. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final int NOBODY = 65534;

    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "depth-bomb.torrent            | not bencode: nesting deeper than 100 levels",
        "random-bytes.torrent          | not bencode",
        "truncated.torrent             | not bencode: string length 4 exceeds the 2 bytes left",
        "path-dotdot.torrent           | path element '..' is not allowed",
        "too-many-pieces.torrent       | piece count 2097153 is above the limit of 2097152",
        "pieces-count-mismatch.torrent | holds 2 hashes",
        "duplicate-paths.torrent       | has the same path as file 0",
        "negative-file-length.torrent  | file length -5 is negative"})
    void aBrokenTorrentIsRefusedInOneLine(String fileName, String problem) throws Exception {
        Path torrent = Files.write(temp.resolve(fileName), corpusFile(fileName));

        assertRefusedByInfoAndDownload(torrent, problem);
    }

    @Test
    void aTorrentFileOverTenMegabytesIsRefusedInOneLine() throws Exception {
        byte[] huge = new byte[11 * 1000 * 1000];
        Arrays.fill(huge, (byte) 'x');
        Path torrent = Files.write(temp.resolve("huge-file.torrent"), huge);

        assertRefusedByInfoAndDownload(torrent, "larger than the 10000000-byte limit for torrent files");
    }

    /**
     * One file whose path lists a million elements, in 3 MB: it used to fill a 256 MiB heap while the
     * paths were checked (OutOfMemoryError and a stack trace), before its depth was.
     */
    @Test
    void aMillionElementPathIsRefusedInOneLineInASmallHeap() throws Exception {
        String elements = "1:a".repeat(999_000);
        String torrent = "d4:infod5:filesld6:lengthi5e4:pathl" + elements + "eee4:name5:album"
                + "12:piece lengthi16384e6:pieces20:" + "a".repeat(20) + "ee";
        Path file = Files.writeString(temp.resolve("path-too-deep.torrent"), torrent, StandardCharsets.US_ASCII);

        assertRefusedByInfoAndDownload(file, "file 0: path has 999000 elements");
    }

    /**
     * chmod 000 stops everyone but root, and CI runs the tests as root: then Gorrent runs as user
     * nobody (setpriv), so the file is unreadable in every environment.
     */
    @Test
    void anUnreadableFileIsRefusedInOneLine() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path torrent = Files.writeString(temp.resolve("secret.torrent"), "d4:infod4:name1:xee");
        Files.setPosixFilePermissions(torrent, PosixFilePermissions.fromString("---------"));
        HostileJvm gorrent = HostileJvm.of(temp);
        if (isRoot()) {
            gorrent = gorrent.asUser(NOBODY);
        }

        for (String command : List.of("info", "download")) {
            GorrentCli.Result run = command.equals("info")
                    ? gorrent.run(RUN_TIMEOUT, "info", torrent.toString())
                    : gorrent.run(RUN_TIMEOUT, "download", torrent.toString(), "--dir", temp.resolve("d").toString());

            assertEquals(2, run.exitCode(), run.describe());
            assertEquals(List.of("gorrent: torrent file " + torrent + ": permission denied"),
                    run.stderr().lines().toList(), run.describe());
            assertFalse(Files.exists(temp.resolve("d")), run.describe());
        }
    }

    private void assertRefusedByInfoAndDownload(Path torrent, String problem) throws Exception {
        HostileJvm gorrent = HostileJvm.of(temp, HostileJvm.SMALL_HEAP);
        Path downloads = temp.resolve("downloads");

        GorrentCli.Result info = gorrent.run(RUN_TIMEOUT, "info", torrent.toString());
        GorrentCli.Result download = gorrent.run(RUN_TIMEOUT, "download", torrent.toString(),
                "--dir", downloads.toString());

        for (GorrentCli.Result run : List.of(info, download)) {
            assertEquals(2, run.exitCode(), run.describe());
            List<String> lines = run.stderr().lines().toList();
            assertEquals(1, lines.size(), "one line on stderr\n" + run.describe());
            assertTrue(lines.get(0).startsWith("gorrent: torrent file " + torrent + ": "), run.describe());
            assertTrue(lines.get(0).contains(problem), "names the problem '" + problem + "'\n" + run.describe());
            assertFalse(run.stderr().contains("Exception"), run.describe());
            assertEquals("", run.stdout(), run.describe());
        }
        System.out.println("HostileCliIT: " + torrent.getFileName() + " refused by the jar in "
                + info.elapsed().toMillis() + " ms (info) and " + download.elapsed().toMillis()
                + " ms (download), JVM start-up included");
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(torrent), left.toList(), "nothing created beside the torrent");
        }
    }

    /** A file of the committed corpus (adapters-cli/src/test/resources/broken-torrents). */
    private static byte[] corpusFile(String fileName) throws IOException {
        try (InputStream in = HostileCliIT.class.getClassLoader().getResourceAsStream("broken-torrents/" + fileName)) {
            if (in == null) {
                throw new HarnessException("broken-torrents/" + fileName + " is not on the test class path");
            }
            return in.readAllBytes();
        }
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
