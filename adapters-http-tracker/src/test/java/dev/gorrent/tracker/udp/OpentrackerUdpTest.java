package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end against the real opentracker (an independent BEP 15 implementation) on loopback. It serves HTTP and
 * UDP on one port and only torrents on its whitelist; CI installs it with scripts/install-test-deps.
 */
class OpentrackerUdpTest {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(15);

    private final SecureRandom random = new SecureRandom();
    private final InfoHash infoHash = randomInfoHash();
    private final UdpTrackerClient client = new UdpTrackerClient(
            new UdpTrackerSettings(Duration.ofMillis(500), 3, Duration.ofMinutes(1), 16_384), System::nanoTime);

    private Path directory;
    private Path log;
    private Process opentracker;
    private String announceUrl;

    @BeforeEach
    void startOpentracker() throws Exception {
        Path binary = opentrackerBinary().orElseGet(() -> fail(
                "opentracker is not installed (looked for /usr/bin/opentracker and on PATH); "
                        + "run scripts/install-test-deps"));
        directory = Files.createTempDirectory("gorrent-opentracker");
        // opentracker drops to user nobody before it reads the whitelist, so others must be able to read it.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = directory.resolve("whitelist");
        Files.writeString(whitelist, infoHash.toHex() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        log = directory.resolve("opentracker.log");

        int port = freePort();
        announceUrl = "udp://127.0.0.1:" + port + "/announce";
        opentracker = new ProcessBuilder(binary.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-P", String.valueOf(port), "-w", whitelist.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitWhitelistLoaded();
    }

    @AfterEach
    void stopOpentracker() throws Exception {
        if (opentracker != null) {
            opentracker.destroy();
            if (!opentracker.waitFor(5, TimeUnit.SECONDS)) {
                opentracker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void theSecondPeerIsToldAboutTheFirst() throws Exception {
        client.announce(announce(peerId("first"), 40_001, AnnounceEvent.STARTED));

        AnnounceResponse second = client.announce(announce(peerId("second"), 40_002, AnnounceEvent.STARTED));

        assertTrue(second.peers().contains(new PeerAddress("127.0.0.1", 40_001)),
                "expected the first peer among " + second.peers());
        assertFalse(second.interval().isNegative() || second.interval().isZero(), "interval " + second.interval());
    }

    @Test
    void aStoppedPeerIsNoLongerHandedOut() throws Exception {
        client.announce(announce(peerId("first"), 40_001, AnnounceEvent.STARTED));
        client.announce(announce(peerId("first"), 40_001, AnnounceEvent.STOPPED));

        AnnounceResponse second = client.announce(announce(peerId("second"), 40_002, AnnounceEvent.STARTED));

        assertFalse(second.peers().contains(new PeerAddress("127.0.0.1", 40_001)),
                "the first peer stopped, yet it is among " + second.peers());
    }

    @Test
    void scrapeCountsSeedersCompletionsAndLeechers() throws Exception {
        client.announce(announce(peerId("first"), 40_001, AnnounceEvent.STARTED));
        client.announce(new AnnounceRequest(announceUrl, infoHash, peerId("first"), 40_001, 0, 1000, 0,
                AnnounceEvent.COMPLETED, 50, ""));
        client.announce(announce(peerId("second"), 40_002, AnnounceEvent.NONE));

        ScrapeResponse counts = client.scrape(announceUrl, infoHash);

        assertEquals(new ScrapeResponse(1, 1, 1), counts);
    }

    private AnnounceRequest announce(PeerId peerId, int port, AnnounceEvent event) {
        return new AnnounceRequest(announceUrl, infoHash, peerId, port, 0, 0, 1000, event, 50, "");
    }

    private static PeerId peerId(String name) {
        String padded = (PeerId.CLIENT_PREFIX + name + "-".repeat(PeerId.LENGTH)).substring(0, PeerId.LENGTH);
        return PeerId.of(padded.getBytes(StandardCharsets.US_ASCII));
    }

    private InfoHash randomInfoHash() {
        byte[] bytes = new byte[InfoHash.LENGTH];
        random.nextBytes(bytes);
        return InfoHash.of(bytes);
    }

    /**
     * opentracker binds its sockets and loads the whitelist in a thread of its own, so "ready" means a
     * stopped-event announce (which adds no peer) of our torrent is answered rather than refused or ignored.
     */
    private void awaitWhitelistLoaded() throws Exception {
        UdpTrackerClient impatient = new UdpTrackerClient(
                new UdpTrackerSettings(Duration.ofMillis(100), 0, Duration.ofMinutes(1), 16_384), System::nanoTime);
        AnnounceRequest probe = announce(peerId("probe"), 40_000, AnnounceEvent.STOPPED);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        TrackerException last = null;
        while (System.nanoTime() < deadline) {
            if (!opentracker.isAlive()) {
                fail("opentracker exited with " + opentracker.exitValue() + ": " + logText());
            }
            try {
                impatient.announce(probe);
                return;
            } catch (TrackerException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        fail("opentracker did not serve the whitelisted torrent within " + STARTUP_LIMIT + " ("
                + (last == null ? "no attempt" : last.getMessage()) + "); its output: " + logText());
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }

    private static Optional<Path> opentrackerBinary() {
        Path usual = Path.of("/usr/bin/opentracker");
        if (Files.isExecutable(usual)) {
            return Optional.of(usual);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "opentracker"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** A port free for both TCP and UDP on loopback right now (opentracker takes both). */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException portTakenForUdp) {
                // try another
            }
        }
        throw new IOException("found no port free for both TCP and UDP on 127.0.0.1 in 20 attempts");
    }
}
