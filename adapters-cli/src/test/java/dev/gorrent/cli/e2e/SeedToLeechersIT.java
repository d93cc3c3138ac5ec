package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gorrent seed} serves independent leechers: libtorrent and aria2 each download a libtorrent-made
 * multi-file torrent from it through opentracker, and it stops cleanly on SIGTERM.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SeedToLeechersIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRACKER_TIMEOUT = Duration.ofSeconds(20);
    /** Generous for a few MiB over loopback; it exists so a hang fails instead of stalling CI. */
    private static final Duration LEECH_TIMEOUT = Duration.ofSeconds(90);
    /** Gorrent waits up to 15 s for its clean stop; a little more for the JVM to end. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void libtorrentAndAria2DownloadAMultiFileTorrentFromGorrentSeed(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.multiFile(temp.resolve("seed"));
        // Smaller than most files, larger than some: pieces span file boundaries and empty files.
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve(payload.name() + ".torrent"),
                tracker.running().announceUrl(), 64 * TestData.KIB);
        tracker.running().allow(torrent.infoHashHex());

        try (GorrentProcess seed = new GorrentCli(temp).start("seed", torrent.file().toString(),
                "--dir", payload.saveDir().toString(), "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()))) {
            seed.awaitListeningPort(START_TIMEOUT);
            // Leechers learn of the seed only from the tracker: wait until it lists it.
            tracker.running().awaitSeeders(torrent.infoHashHex(), 1, TRACKER_TIMEOUT);

            Path libtorrentDir = temp.resolve("libtorrent-leech");
            LeechResult libtorrent = LibtorrentLeech.download(torrent.file(), libtorrentDir, LEECH_TIMEOUT);
            assertEquals(0, libtorrent.exitCode(), "libtorrent did not complete the download\n"
                    + libtorrent.describe() + seed.describe() + tracker.running().describe());
            FileTrees.assertSameFiles(payload, libtorrentDir, libtorrent.describe() + seed.describe());

            Path aria2Dir = temp.resolve("aria2-leech");
            LeechResult aria2 = Aria2Leech.download(torrent.file(), aria2Dir, LEECH_TIMEOUT);
            assertEquals(0, aria2.exitCode(), "aria2 did not complete the download\n"
                    + aria2.describe() + seed.describe() + tracker.running().describe());
            FileTrees.assertSameFiles(payload, aria2Dir, aria2.describe() + seed.describe());

            seed.terminate();
            Optional<Integer> exit = seed.awaitExit(STOP_TIMEOUT);
            assertTrue(exit.isPresent(), "gorrent seed still runs " + STOP_TIMEOUT.toSeconds()
                    + " s after SIGTERM\n" + seed.describe());
            assertEquals(0, exit.get(), "gorrent seed's exit code after SIGTERM\n" + seed.describe());
            assertTrue(seed.stdoutText().contains("stopped seeding after"),
                    "no closing line from gorrent seed\n" + seed.describe());
        }
    }
}
