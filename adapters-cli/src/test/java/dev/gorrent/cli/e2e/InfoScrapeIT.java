package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gorrent info --scrape} against opentracker, over UDP and HTTP, once a libtorrent seed has announced:
 * both sides of the tracker must count the seed, and a dead tracker is reported without spoiling the rest.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfoScrapeIT {
    /** The CLI's own scrape patience is 30 s; this only turns a hang into a failure. */
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SEEDER_LISTED_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern COUNTS = Pattern.compile(
            "  tier (\\d+): (\\S+) seeders (\\d+) leechers (\\d+) completed (\\d+)");

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void showsTheSeedCountedByOpentrackerOverUdpAndHttp(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        URI udp = URI.create("udp://127.0.0.1:" + tracker.running().announceUrl().getPort() + "/announce");
        URI http = tracker.running().announceUrl();
        URI dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/announce");
        }
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("scrape.torrent"),
                List.of(udp, http), 64 * TestData.KIB);
        LibtorrentTorrent withDead = LibtorrentTorrent.create(payload.root(), temp.resolve("scrape-dead.torrent"),
                List.of(udp, http, dead), 64 * TestData.KIB);
        tracker.running().allow(torrent.infoHashHex());

        try (LibtorrentSeed seed = LibtorrentSeed.start(torrent.file(), payload.saveDir())) {
            tracker.running().awaitSeeders(torrent.infoHashHex(), 1, SEEDER_LISTED_TIMEOUT);

            GorrentCli.Result info = new GorrentCli(temp).run(INFO_TIMEOUT, "info", withDead.file().toString(),
                    "--scrape");

            String context = info.describe() + seed.describe() + tracker.running().describe();
            assertEquals(0, info.exitCode(), "one dead tracker among live ones must not fail the command\n" + context);
            assertSeeders(info.stdout(), 1, udp, context);
            assertSeeders(info.stdout(), 2, http, context);
            assertTrue(info.stdout().contains("  tier 3: " + dead + ": "), "the dead tracker's failure is missing\n"
                    + context);
        }
    }

    private static void assertSeeders(String stdout, int tier, URI url, String context) {
        Matcher line = COUNTS.matcher(stdout);
        while (line.find()) {
            if (Integer.parseInt(line.group(1)) == tier && line.group(2).equals(url.toString())) {
                assertTrue(Integer.parseInt(line.group(3)) >= 1, "tier " + tier + " counts no seeder\n" + context);
                return;
            }
        }
        throw new AssertionError("no counts shown for tier " + tier + " (" + url + ")\n" + context);
    }
}
