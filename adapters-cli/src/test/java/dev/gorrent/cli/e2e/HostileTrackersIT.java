package dev.gorrent.cli.e2e;

import dev.gorrent.cli.e2e.HostileTracker.Fault;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download whose only tracker misbehaves ({@link HostileTracker.Fault}) still completes from the
 * peer given with {@code --peer} (a libtorrent seed), exits 0, and says on stderr what the tracker did
 * wrong, in one warning line that names it.
 *
 * <p>The seed gets a torrent of the same data that lists opentracker instead (seed.py stops on any
 * tracker error); trackers are outside the info dictionary, so both torrents share one info-hash.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileTrackersIT {
    private static final int PIECE_SIZE = 64 * TestData.KIB;
    /** A bound against hangs: a silent tracker may hold each of the final announces for 5 s. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(120);
    /** What the warning says for each fault that answers (a silent one times out after the download ends). */
    private static final Map<Fault, String> WARNINGS = Map.of(
            Fault.GARBAGE, "answer is not bencode",
            Fault.HTTP_500, "answered HTTP 500",
            Fault.FAILURE_REASON, "refused: torrent not registered here",
            Fault.HUGE_BODY, "answer exceeds 2097152 bytes");

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @ParameterizedTest
    @EnumSource(Fault.class)
    void completesFromTheGivenPeerWhenTheOnlyTrackerMisbehaves(Fault fault, @TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent forSeed = LibtorrentTorrent.create(payload.root(), temp.resolve("seed.torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);
        tracker.running().allow(forSeed.infoHashHex());
        Path downloads = temp.resolve("downloads");

        try (HostileTracker hostile = HostileTracker.start(fault);
             LibtorrentSeed seed = LibtorrentSeed.start(forSeed.file(), payload.saveDir())) {
            LibtorrentTorrent forGorrent = LibtorrentTorrent.create(payload.root(), temp.resolve("hostile.torrent"),
                    List.of(hostile.announceUrl()), PIECE_SIZE);
            assertEquals(forSeed.infoHashHex(), forGorrent.infoHashHex(), "both torrents describe the same data");

            GorrentCli.Result download = HostileJvm.of(temp, HostileJvm.SMALL_HEAP).run(DOWNLOAD_TIMEOUT, "download",
                    forGorrent.file().toString(), "--dir", downloads.toString(),
                    "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()),
                    "--peer", "127.0.0.1:" + seed.port());

            String context = fault + " tracker at " + hostile.announceUrl() + " saw " + hostile.announces()
                    + " announces\n" + download.describe() + seed.describe();
            System.out.println("HostileTrackersIT " + fault + ": exit " + download.exitCode() + " after "
                    + download.elapsed().toMillis() + " ms; stderr:\n" + download.stderr());
            assertEquals(0, download.exitCode(), "the download failed\n" + context);
            FileTrees.assertSameFiles(payload, downloads, context);
            assertTrue(hostile.announces() >= 1, "gorrent never asked the tracker\n" + context);
            assertFalse(download.stderr().contains("\tat ") || download.stderr().contains("Exception"),
                    "no stack trace\n" + context);
            String warning = WARNINGS.get(fault);
            if (warning != null) {
                String prefix = "warning: tracker " + hostile.announceUrl() + ": ";
                assertTrue(download.stderr().lines()
                                .anyMatch(line -> line.startsWith(prefix) && line.contains(warning)),
                        "no line \"" + prefix + "..." + warning + "...\"\n" + context);
            }
        }
    }
}
