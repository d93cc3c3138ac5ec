package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A torrent whose only tracker is opentracker's UDP side (BEP 15, on the same port as its HTTP side): libtorrent
 * seeds it after announcing over UDP, and Gorrent can only find the seed by announcing over UDP too.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UdpTrackerIT {
    /** Generous for a few MiB over loopback; it exists so a hang fails instead of stalling CI. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void downloadsByteIdenticalFromALibtorrentSeedFoundOnlyThroughAUdpTracker(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.multiFile(temp.resolve("seed"));
        URI udpTracker = URI.create("udp://127.0.0.1:" + tracker.running().announceUrl().getPort() + "/announce");
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("udp-only.torrent"),
                udpTracker, 32 * TestData.KIB);
        tracker.running().allow(torrent.infoHashHex());
        Path downloads = temp.resolve("downloads");

        try (LibtorrentSeed seed = LibtorrentSeed.start(torrent.file(), payload.saveDir())) {
            GorrentCli.Result download = new GorrentCli(temp).run(DOWNLOAD_TIMEOUT, "download",
                    torrent.file().toString(), "--dir", downloads.toString(),
                    "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()));

            String context = download.describe() + seed.describe() + tracker.running().describe();
            assertEquals(0, download.exitCode(), "download through the UDP tracker failed\n" + context);
            FileTrees.assertSameFiles(payload, downloads, context);
        }
    }
}
