package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gorrent seed} stopped by a signal as a user or service manager would: it exits 0 and has told
 * the tracker it left, so opentracker no longer lists it as a seeder.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SeedStopsCleanlyIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRACKER_TIMEOUT = Duration.ofSeconds(20);
    /** Gorrent waits up to 15 s for its clean stop; a little more for the JVM to end. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void exitsZeroAndLeavesTheTrackerOnSignal(String signal, @TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve(payload.name() + ".torrent"),
                tracker.running().announceUrl(), 64 * TestData.KIB);
        tracker.running().allow(torrent.infoHashHex());

        try (GorrentProcess seed = new GorrentCli(temp).start("seed", torrent.file().toString(),
                "--dir", payload.saveDir().toString(), "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()))) {
            seed.awaitListeningPort(START_TIMEOUT);
            tracker.running().awaitSeeders(torrent.infoHashHex(), 1, TRACKER_TIMEOUT);

            if (signal.equals("INT")) {
                seed.interrupt();
            } else {
                seed.terminate();
            }
            Optional<Integer> exit = seed.awaitExit(STOP_TIMEOUT);

            assertTrue(exit.isPresent(), "gorrent seed still runs " + STOP_TIMEOUT.toSeconds() + " s after SIG"
                    + signal + "\n" + seed.describe());
            assertEquals(0, exit.get(), "gorrent seed's exit code after SIG" + signal + "\n" + seed.describe());
            // It said "stopped" before exiting, so the tracker has dropped it already: no waiting here.
            assertEquals(0, tracker.running().seeders(torrent.infoHashHex()),
                    "opentracker still lists gorrent as a seeder after it exited\n" + seed.describe()
                            + tracker.running().describe());
        }
    }
}
