package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download killed with SIGKILL halfway (no clean stop: no resume record saved, nothing flushed by
 * Gorrent itself) resumes on the next run: it ends byte-identical, and the pieces already on disk are
 * kept rather than fetched again, as counted by the only seed, libtorrent.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ResumeAfterKillIT {
    private static final int PIECE_SIZE = 256 * TestData.KIB;
    /** About 12 s for the whole torrent: long enough to stop it halfway, short enough for CI. */
    private static final long SEED_BYTES_PER_SECOND = 2L * TestData.MIB;
    /** At most this much may be fetched over both runs, as a share of the torrent's size. */
    private static final double MAX_FETCHED_SHARE = 1.25;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Bounds, not speed targets: the rate limit makes each half take about 6 s. */
    private static final Duration HALFWAY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SECOND_RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern ALREADY_ON_DISK = Pattern.compile("(\\d+) of (\\d+) pieces already on disk");

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void downloadKilledHalfwayResumesWithoutFetchingTheFirstHalfAgain(@TempDir Path temp) throws Exception {
        TestData.Payload payload = payload(temp.resolve("seed"));
        long size = payload.sizes().values().stream().mapToLong(Long::longValue).sum();
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve(payload.name() + ".torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);
        tracker.running().allow(torrent.infoHashHex());
        Path downloads = temp.resolve("downloads");
        GorrentCli gorrent = new GorrentCli(temp);

        try (LibtorrentSeed seed = LibtorrentSeed.startCountingUpload(torrent.file(), payload.saveDir(),
                SEED_BYTES_PER_SECOND)) {
            long sentBeforeKill;
            try (GorrentProcess first = gorrent.start(download(torrent, downloads))) {
                first.awaitListeningPort(START_TIMEOUT);
                sentBeforeKill = awaitHalfSent(seed, first, size);
                int killed = first.kill();
                assertEquals(128 + 9, killed, "gorrent should have died of SIGKILL\n" + first.describe());
            }
            assertTrue(sentBeforeKill < size, "the seed had sent everything (" + sentBeforeKill + " of " + size
                    + " bytes) before the kill, so this run tests no resume; lower the seed's rate\n"
                    + seed.describe());

            GorrentCli.Result second = gorrent.run(SECOND_RUN_TIMEOUT, download(torrent, downloads));
            String context = second.describe() + seed.describe() + tracker.running().describe();
            assertEquals(0, second.exitCode(), "the run after the kill did not complete\n" + context);
            FileTrees.assertSameFiles(payload, downloads, context);
            int keptPieces = piecesAlreadyOnDisk(second);
            assertTrue(keptPieces > 0, "the run after the kill kept no piece from the first run\n" + context);

            long fetched = seed.stopAndCountUploaded();
            double share = (double) fetched / size;
            System.out.printf(Locale.ROOT, "ResumeAfterKillIT: killed after the seed sent %d of %d bytes (%.1f%%);"
                            + " second run found %d pieces on disk; fetched %d bytes over both runs = %.1f%% of size%n",
                    sentBeforeKill, size, 100.0 * sentBeforeKill / size, keptPieces, fetched, 100 * share);
            // Every byte came from this one seed, so its count below the size would mean it counts wrong.
            assertTrue(fetched >= size, "the seed counts " + fetched + " bytes sent, less than the torrent's "
                    + size + ", yet it is the only source\n" + seed.describe());
            assertTrue(share <= MAX_FETCHED_SHARE, String.format(Locale.ROOT,
                    "fetched %d bytes over both runs, %.1f%% of the torrent's %d (at most %.0f%% allowed):"
                            + " the second run fetched again what the first had stored%n%s",
                    fetched, 100 * share, size, 100 * MAX_FETCHED_SHARE, context));
        }
    }

    /** About 24 MiB in three files, one empty, with sizes that put piece boundaries inside files. */
    private static TestData.Payload payload(Path saveDir) throws IOException {
        String name = "resume-album";
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put(name + "/part-1.bin", 10L * TestData.MIB + 12_345);
        sizes.put(name + "/empty.txt", 0L);
        sizes.put(name + "/sub/part-2.bin", 14L * TestData.MIB - 777);
        long seed = 300;
        for (Map.Entry<String, Long> file : sizes.entrySet()) {
            TestData.write(saveDir.resolve(file.getKey()), file.getValue(), seed++);
        }
        return new TestData.Payload(saveDir, name, sizes);
    }

    private static String[] download(LibtorrentTorrent torrent, Path downloads) {
        return new String[] {"download", torrent.file().toString(), "--dir", downloads.toString(),
            "--port", Integer.toString(E2eEnvironment.freeLoopbackPort())};
    }

    /** Waits until the seed has sent half the torrent; returns how much it had sent by then. */
    private static long awaitHalfSent(LibtorrentSeed seed, GorrentProcess download, long size)
            throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long sent = seed.uploadedSoFar();
            if (sent >= size / 2) {
                return sent;
            }
            if (!download.isAlive()) {
                throw new AssertionError("gorrent ended before it was half done\n" + download.describe()
                        + seed.describe());
            }
            if (System.nanoTime() - start > HALFWAY_TIMEOUT.toNanos()) {
                throw new AssertionError("the seed sent only " + sent + " of " + size + " bytes in "
                        + HALFWAY_TIMEOUT.toSeconds() + " s\n" + download.describe() + seed.describe());
            }
            Thread.sleep(100);
        }
    }

    private static int piecesAlreadyOnDisk(GorrentCli.Result run) {
        Matcher kept = ALREADY_ON_DISK.matcher(run.stdout());
        if (!kept.find()) {
            throw new AssertionError("gorrent did not say how many pieces were already on disk\n" + run.describe());
        }
        return Integer.parseInt(kept.group(1));
    }
}
