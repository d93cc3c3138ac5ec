package dev.gorrent.cli;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.MetainfoParser;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.tracker.http.HttpTrackerClient;
import dev.gorrent.tracker.http.HttpTrackerSettings;
import dev.gorrent.tracker.http.server.EmbeddedTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code gorrent info --scrape} in-process, through the real wiring and tracker clients, against an embedded
 * HTTP tracker on loopback and against ports where nothing listens.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoScrapeCommandTest {
    @TempDir
    Path temp;

    private EmbeddedTracker tracker;

    private record Run(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }

        /** The stdout lines after the "scrape:" heading. */
        List<String> scrapeLines() {
            List<String> lines = Arrays.asList(out.split("\\R"));
            int heading = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("scrape:")) {
                    heading = i;
                }
            }
            return heading < 0 ? List.of() : lines.subList(heading + 1, lines.size());
        }
    }

    @BeforeEach
    void startTracker() throws IOException {
        tracker = EmbeddedTracker.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    @Test
    void showsEachTrackersCountsOrWhyItHasNone() throws Exception {
        String deadHttp = "http://127.0.0.1:" + closedTcpPort() + "/announce";
        String deadUdp = "udp://127.0.0.1:" + closedUdpPort() + "/announce";
        String notScrapeable = "http://127.0.0.1:" + tracker.port() + "/a";
        Path torrent = createTorrent(tracker.announceUrl(), deadHttp, deadUdp, notScrapeable);
        InfoHash infoHash = infoHashOf(torrent);
        announce(infoHash, "seeder", 0, AnnounceEvent.COMPLETED);
        announce(infoHash, "leecher-one", 500, AnnounceEvent.STARTED);
        announce(infoHash, "leecher-two", 500, AnnounceEvent.STARTED);

        Run run = gorrent("info", torrent.toString(), "--scrape");

        assertEquals(0, run.exitCode(), run.describe());
        List<String> lines = run.scrapeLines();
        assertEquals(4, lines.size(), run.describe());
        assertEquals("  tier 1: " + tracker.announceUrl() + " seeders 1 leechers 2 completed 1", lines.get(0));
        assertTrue(lines.get(1).startsWith("  tier 2: " + deadHttp + ": ")
                && lines.get(1).contains("connection refused"), run.describe());
        assertTrue(lines.get(2).startsWith("  tier 3: " + deadUdp + ": ")
                && lines.get(2).contains("not listening"), run.describe());
        assertTrue(lines.get(3).startsWith("  tier 4: " + notScrapeable + ": ")
                && lines.get(3).contains("does not support scrape"), run.describe());
    }

    @Test
    void theUsualInfoComesFirst() throws Exception {
        Path torrent = createTorrent(tracker.announceUrl());
        announce(infoHashOf(torrent), "leecher", 500, AnnounceEvent.STARTED);

        Run run = gorrent("info", torrent.toString(), "--scrape");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().startsWith("name:       content.bin"), run.describe());
        assertTrue(run.out().indexOf("trackers:") < run.out().indexOf("scrape:"), run.describe());
        assertEquals(List.of("  tier 1: " + tracker.announceUrl() + " seeders 0 leechers 1 completed 0"),
                run.scrapeLines(), run.describe());
    }

    @Test
    void exitsWithOneWhenEveryTrackerFails() throws Exception {
        String deadHttp = "http://127.0.0.1:" + closedTcpPort() + "/announce";
        Path torrent = createTorrent(deadHttp);

        Run run = gorrent("info", torrent.toString(), "--scrape");

        assertEquals(ExitCodes.RUNTIME_FAILURE, run.exitCode(), run.describe());
        assertEquals(1, run.scrapeLines().size(), run.describe());
        assertTrue(run.scrapeLines().get(0).startsWith("  tier 1: " + deadHttp + ": "), run.describe());
    }

    @Test
    void aTorrentWithoutTrackersHasNoneToAsk() throws Exception {
        Path torrent = createTorrent();

        Run run = gorrent("info", torrent.toString(), "--scrape");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("scrape:     no trackers to ask"), run.describe());
    }

    @Test
    void withoutScrapeNoTrackerIsAsked() throws Exception {
        Path torrent = createTorrent(tracker.announceUrl());

        Run run = gorrent("info", torrent.toString());

        assertEquals(0, run.exitCode(), run.describe());
        assertFalse(run.out().contains("scrape:"), run.describe());
        assertFalse(run.out().contains("seeders"), run.describe());
    }

    @Test
    void helpDocumentsTheExitCodeWhenEveryTrackerFails() {
        Run run = gorrent("info", "--help");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("--scrape"), run.describe());
        assertTrue(run.out().contains("every tracker failed"), run.describe());
    }

    /** A one-file torrent made by {@code gorrent create}, each tracker in its own tier, in order. */
    private Path createTorrent(String... trackers) throws IOException {
        Path content = temp.resolve("content.bin");
        if (!Files.exists(content)) {
            Files.write(content, new byte[70_000]);
        }
        Path torrent = temp.resolve("t" + trackers.length + ".torrent");
        List<String> args = new ArrayList<>(List.of("create", content.toString(), "-o", torrent.toString(), "-q",
                "--force"));
        for (String url : trackers) {
            args.addAll(List.of("-t", url));
        }
        Run created = gorrent(args.toArray(String[]::new));
        assertEquals(0, created.exitCode(), created.describe());
        return torrent;
    }

    private static InfoHash infoHashOf(Path torrent) throws Exception {
        return MetainfoParser.parse(Files.readAllBytes(torrent)).infoHash();
    }

    private void announce(InfoHash infoHash, String name, long left, AnnounceEvent event) throws Exception {
        byte[] id = Arrays.copyOf((PeerId.CLIENT_PREFIX + name).getBytes(StandardCharsets.US_ASCII), PeerId.LENGTH);
        HttpTrackerClient client = new HttpTrackerClient(HttpTrackerSettings.defaults()
                .withTimeout(Duration.ofSeconds(5)));
        client.announce(new AnnounceRequest(tracker.announceUrl(), infoHash, PeerId.of(id), 40_000 + name.length(),
                0, 0, left, event, 0, ""));
    }

    private static int closedTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int closedUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    private static Run gorrent(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
