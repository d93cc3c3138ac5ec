package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BEP 12 fail-over end to end: the torrent Gorrent gets lists dead trackers (nothing listens on their ports) in
 * its first tiers and opentracker only after them, so the download succeeds only if Gorrent moves on from a dead
 * tier to the next. The dead trackers fail fast (connection refused, ICMP port unreachable); the timeout only
 * turns a hang into a failure.
 *
 * <p>The libtorrent seed gets a torrent of the same data that lists opentracker alone: the seed script stops on
 * any tracker error, and the trackers are outside the info dictionary, so both torrents share one info-hash.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadFirstTierIT {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final int PIECE_SIZE = 64 * TestData.KIB;

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void downloadsByteIdenticalWhenTheFirstTierIsADeadHttpTracker(@TempDir Path temp) throws Exception {
        URI deadHttp = URI.create("http://127.0.0.1:" + closedTcpPort() + "/announce");
        downloadPastDeadTiers(temp, List.of(deadHttp, tracker.running().announceUrl()));
    }

    @Test
    void downloadsByteIdenticalPastDeadUdpAndHttpTiers(@TempDir Path temp) throws Exception {
        URI deadUdp = URI.create("udp://127.0.0.1:" + closedUdpPort() + "/announce");
        URI deadHttp = URI.create("http://127.0.0.1:" + closedTcpPort() + "/announce");
        downloadPastDeadTiers(temp, List.of(deadUdp, deadHttp, tracker.running().announceUrl()));
    }

    private static void downloadPastDeadTiers(Path temp, List<URI> tiers) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent withDeadTiers = LibtorrentTorrent.create(payload.root(), temp.resolve("dead-first.torrent"),
                tiers, PIECE_SIZE);
        LibtorrentTorrent liveOnly = LibtorrentTorrent.create(payload.root(), temp.resolve("live-only.torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);
        assertEquals(liveOnly.infoHashHex(), withDeadTiers.infoHashHex(),
                "the seed's torrent and Gorrent's must describe the same data");
        tracker.running().allow(withDeadTiers.infoHashHex());
        Path downloads = temp.resolve("downloads");

        try (LibtorrentSeed seed = LibtorrentSeed.start(liveOnly.file(), payload.saveDir())) {
            GorrentCli.Result download = new GorrentCli(temp).run(DOWNLOAD_TIMEOUT, "download",
                    withDeadTiers.file().toString(), "--dir", downloads.toString(),
                    "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()));

            String context = "tiers " + tiers + "\n" + download.describe() + seed.describe()
                    + tracker.running().describe();
            assertEquals(0, download.exitCode(), "download past the dead tiers failed\n" + context);
            FileTrees.assertSameFiles(payload, downloads, context);
        }
    }

    /** A loopback TCP port nothing listens on (just closed; another process taking it meanwhile is unlikely). */
    private static int closedTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A loopback UDP port nothing listens on, so a datagram to it draws ICMP port unreachable. */
    private static int closedUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
