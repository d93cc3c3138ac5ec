package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that fills up during a download, and a folder that cannot be written (both real tmpfs
 * mounts, see {@link HostileTmpfs}): one clear line, exit code 1, and no piece taken as verified
 * that is not whole on disk, as a second run on a larger disk shows by finishing byte-identical.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileDiskIT {
    private static final int PIECE_SIZE = 32 * TestData.KIB;
    private static final long TINY_DISK = 1024 * 1024;
    private static final long ROOMY_DISK = 64L * 1024 * 1024;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern ALREADY_ON_DISK = Pattern.compile("(\\d+) of (\\d+) pieces already on disk");

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void aDiskThatFillsUpStopsTheDownloadWithOneLineAndKeepsOnlyWholePieces(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("full.torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);
        tracker.running().allow(torrent.infoHashHex());
        HostileJvm gorrent = HostileJvm.of(temp, HostileJvm.SMALL_HEAP);

        try (LibtorrentSeed seed = LibtorrentSeed.start(torrent.file(), payload.saveDir());
             HostileTmpfs disk = HostileTmpfs.mount(temp.resolve("disk"), TINY_DISK, false)) {
            String[] download = {"download", torrent.file().toString(), "--dir", disk.path().toString(),
                "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()), "--peer", "127.0.0.1:" + seed.port()};

            GorrentCli.Result full = gorrent.run(RUN_TIMEOUT, download);

            String context = full.describe() + seed.describe();
            System.out.println("HostileDiskIT, full disk: exit " + full.exitCode() + "; stderr:\n" + full.stderr());
            assertEquals(1, full.exitCode(), "a full disk is a failure while running\n" + context);
            assertOneErrorLine(full, "No space left on device", context);
            assertFalse(full.stdout().contains(": complete, "), "no completion claimed\n" + context);

            disk.resize(ROOMY_DISK);
            GorrentCli.Result roomy = gorrent.run(RUN_TIMEOUT, download);

            context = roomy.describe() + seed.describe();
            assertEquals(0, roomy.exitCode(), "the run on the grown disk failed\n" + context);
            FileTrees.assertSameFiles(payload, disk.path(), context);
            Matcher kept = ALREADY_ON_DISK.matcher(roomy.stdout());
            assertTrue(kept.find(), "no line about the pieces already on disk\n" + context);
            int keptPieces = Integer.parseInt(kept.group(1));
            System.out.println("HostileDiskIT, grown disk: " + kept.group() + "; the rest fetched, byte-identical");
            assertTrue(keptPieces > 0 && keptPieces < Integer.parseInt(kept.group(2)),
                    "the pieces written before the disk filled are kept, and only those\n" + context);
        }
    }

    @Test
    void aReadOnlyFolderIsOneLineAndExitCodeOne(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("ro.torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);

        try (HostileTmpfs readOnly = HostileTmpfs.mount(temp.resolve("read-only"), TINY_DISK, true)) {
            GorrentCli.Result run = HostileJvm.of(temp, HostileJvm.SMALL_HEAP).run(RUN_TIMEOUT, "download",
                    torrent.file().toString(), "--dir", readOnly.path().toString(),
                    "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()));

            System.out.println("HostileDiskIT, read-only folder: exit " + run.exitCode() + "; stderr:\n"
                    + run.stderr());
            assertEquals(1, run.exitCode(), run.describe());
            assertOneErrorLine(run, "cannot create file " + readOnly.path().resolve(payload.name())
                    + ": Read-only file system", run.describe());
            try (Stream<Path> inside = Files.list(readOnly.path())) {
                assertEquals(List.of(), inside.toList());
            }
        }
    }

    /** One "gorrent: " line naming the problem (warnings may come before it), and no stack trace. */
    private static void assertOneErrorLine(GorrentCli.Result run, String problem, String context) {
        List<String> errors = run.stderr().lines().filter(line -> line.startsWith("gorrent: ")).toList();
        assertEquals(1, errors.size(), "one error line\n" + context);
        assertTrue(errors.get(0).contains(problem), "the error names the problem: " + problem + "\n" + context);
        assertFalse(run.stderr().contains("\tat ") || run.stderr().contains("Exception"), "no stack trace\n" + context);
    }
}
