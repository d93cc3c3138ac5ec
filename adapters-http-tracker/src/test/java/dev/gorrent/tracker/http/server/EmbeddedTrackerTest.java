package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.tracker.http.HttpTrackerClient;
import dev.gorrent.tracker.http.HttpTrackerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Talks to a real tracker on loopback, with raw HTTP and with the project's own tracker client. */
class EmbeddedTrackerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Bytes that break naive handling: NUL, 0xff, '%', '&', '+', '=' and a space. */
    private static final byte[] AWKWARD_HASH = {
            0x00, (byte) 0xff, '%', '&', '+', '=', ' ', 0x7f, (byte) 0x80, 0x01,
            'a', 'B', '~', '-', 0x00, 0x00, '%', '2', '5', (byte) 0xfe};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ManualClock clock = new ManualClock();
    private final List<EmbeddedTracker> started = new ArrayList<>();

    @AfterEach
    void closeTrackers() {
        started.forEach(EmbeddedTracker::close);
    }

    private EmbeddedTracker start() throws IOException {
        return start(EmbeddedTrackerSettings.defaults());
    }

    private EmbeddedTracker start(EmbeddedTrackerSettings settings) throws IOException {
        EmbeddedTracker tracker = EmbeddedTracker.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings, clock);
        started.add(tracker);
        return tracker;
    }

    /** Every byte as a lower-case escape, unlike the project's client, so both spellings get exercised. */
    private static String escapeAll(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%%%02x", b & 0xff));
        }
        return out.toString();
    }

    private static byte[] peerId(String name) {
        return String.format("%-20s", name).getBytes(StandardCharsets.US_ASCII);
    }

    private static String announceQuery(byte[] infoHash, String peer, int port, long left, String extra) {
        return "?info_hash=" + escapeAll(infoHash) + "&peer_id=" + escapeAll(peerId(peer)) + "&port=" + port
                + "&uploaded=0&downloaded=0&left=" + left + extra;
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private BDictionary bencodedGet(String url) throws Exception {
        HttpResponse<byte[]> response = get(url);
        assertEquals(200, response.statusCode());
        return (BDictionary) BencodeDecoder.withDefaults().decode(response.body());
    }

    private BDictionary announce(EmbeddedTracker tracker, byte[] infoHash, String peer, int port, long left,
                                 String extra) throws Exception {
        return bencodedGet(tracker.announceUrl() + announceQuery(infoHash, peer, port, left, extra));
    }

    private static byte[] bytes(BDictionary dict, String key) {
        return ((BString) dict.get(key).orElseThrow(() -> new AssertionError("no '" + key + "' in " + dict))).bytes();
    }

    private static long number(BDictionary dict, String key) {
        return ((BInteger) dict.get(key).orElseThrow(() -> new AssertionError("no '" + key + "' in " + dict))).value();
    }

    private static String failure(BDictionary answer) {
        return new String(bytes(answer, "failure reason"), StandardCharsets.UTF_8);
    }

    private static byte[] compactLoopback(int port) {
        return new byte[] {127, 0, 0, 1, (byte) (port >>> 8), (byte) port};
    }

    private static BDictionary fileStats(BDictionary scrape, byte[] infoHash) {
        BDictionary files = (BDictionary) scrape.get("files").orElseThrow();
        return (BDictionary) files.get(new String(infoHash, StandardCharsets.ISO_8859_1))
                .orElseThrow(() -> new AssertionError("no stats for the hash in " + files));
    }

    @Test
    void announceUrlPointsAtLoopbackAndTheChosenPort() throws Exception {
        EmbeddedTracker tracker = start();

        assertTrue(tracker.port() > 0);
        assertEquals("http://127.0.0.1:" + tracker.port() + "/announce", tracker.announceUrl());
    }

    @Test
    void twoPeersEachGetTheOtherInCompactForm() throws Exception {
        EmbeddedTracker tracker = start();
        byte[] hash = InfoHash.fromHex("12".repeat(20)).toBytes();

        BDictionary first = announce(tracker, hash, "seed", 51413, 0, "&event=started");
        BDictionary second = announce(tracker, hash, "leech", 6881, 1000, "&event=started");
        BDictionary firstAgain = announce(tracker, hash, "seed", 51413, 0, "");

        assertArrayEquals(new byte[0], bytes(first, "peers"));
        assertArrayEquals(compactLoopback(51413), bytes(second, "peers"));
        assertArrayEquals(compactLoopback(6881), bytes(firstAgain, "peers"));
        assertEquals(60, number(firstAgain, "interval"));
        assertEquals(10, number(firstAgain, "min interval"));
        assertEquals(1, number(firstAgain, "complete"));
        assertEquals(1, number(firstAgain, "incomplete"));
    }

    @Test
    void projectClientAndTrackerAgree() throws Exception {
        EmbeddedTracker tracker = start();
        HttpTrackerClient client = new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(TIMEOUT));
        InfoHash infoHash = InfoHash.of(AWKWARD_HASH);
        PeerId seed = PeerId.of(peerId("-GR0001-seed"));
        PeerId leech = PeerId.of(peerId("-GR0001-leech"));

        client.announce(new AnnounceRequest(tracker.announceUrl(), infoHash, seed, 40001, 0, 0, 0,
                AnnounceEvent.STARTED, 50, ""));
        AnnounceResponse forLeech = client.announce(new AnnounceRequest(tracker.announceUrl(), infoHash, leech, 40002,
                0, 0, 500, AnnounceEvent.STARTED, 50, ""));
        AnnounceResponse forSeed = client.announce(new AnnounceRequest(tracker.announceUrl(), infoHash, seed, 40001,
                0, 0, 0, AnnounceEvent.NONE, 50, ""));

        assertEquals(List.of(new PeerAddress("127.0.0.1", 40001)), forLeech.peers());
        assertEquals(List.of(new PeerAddress("127.0.0.1", 40002)), forSeed.peers());
        assertEquals(Duration.ofSeconds(60), forSeed.interval());
    }

    @Test
    void projectClientSeesRefusalsAsTrackerErrors() throws Exception {
        EmbeddedTracker tracker = start();
        tracker.allow(InfoHash.fromHex("34".repeat(20)));
        HttpTrackerClient client = new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(TIMEOUT));

        TrackerException refused = assertThrows(TrackerException.class, () -> client.announce(new AnnounceRequest(
                tracker.announceUrl(), InfoHash.of(AWKWARD_HASH), PeerId.of(peerId("x")), 40001, 0, 0, 0,
                AnnounceEvent.STARTED, 50, "")));

        assertTrue(refused.getMessage().contains("unregistered torrent"), refused.getMessage());
    }

    @Test
    void stoppedRemovesThePeer() throws Exception {
        EmbeddedTracker tracker = start();
        byte[] hash = InfoHash.fromHex("56".repeat(20)).toBytes();
        announce(tracker, hash, "a", 1001, 5, "&event=started");
        announce(tracker, hash, "b", 1002, 5, "&event=started");

        announce(tracker, hash, "a", 1001, 5, "&event=stopped");
        BDictionary forB = announce(tracker, hash, "b", 1002, 5, "");

        assertArrayEquals(new byte[0], bytes(forB, "peers"));
        assertEquals(1, number(forB, "incomplete"));
    }

    @Test
    void binaryInfoHashRoundTripsThroughAnnounceAndScrape() throws Exception {
        EmbeddedTracker tracker = start();
        announce(tracker, AWKWARD_HASH, "a", 1001, 0, "&event=started");
        BDictionary forB = announce(tracker, AWKWARD_HASH, "b", 1002, 7, "&event=started");
        byte[] neighbour = AWKWARD_HASH.clone();
        neighbour[19]++;
        BDictionary elsewhere = announce(tracker, neighbour, "c", 1003, 7, "&event=started");

        BDictionary scrape = bencodedGet("http://127.0.0.1:" + tracker.port() + "/scrape?info_hash="
                + escapeAll(AWKWARD_HASH));

        assertArrayEquals(compactLoopback(1001), bytes(forB, "peers"));
        assertArrayEquals(new byte[0], bytes(elsewhere, "peers"));
        BDictionary stats = fileStats(scrape, AWKWARD_HASH);
        assertEquals(1, number(stats, "complete"));
        assertEquals(1, number(stats, "incomplete"));
    }

    @Test
    void badInfoHashGetsAFailureReasonWithHttp200() throws Exception {
        EmbeddedTracker tracker = start();

        BDictionary shortHash = bencodedGet(tracker.announceUrl()
                + "?info_hash=%00%01&peer_id=" + escapeAll(peerId("a")) + "&port=1&left=0");
        // A malformed escape never gets this far: the JDK server refuses such a request line itself.
        BDictionary badEvent = announce(tracker, AWKWARD_HASH, "a", 1001, 0, "&event=paused");
        BDictionary noQuery = bencodedGet(tracker.announceUrl());

        assertEquals("info_hash must be 20 bytes, got 2", failure(shortHash));
        assertEquals("event must be started, completed, stopped or empty, got 'paused'", failure(badEvent));
        assertEquals("info_hash is missing", failure(noQuery));
    }

    @Test
    void scrapeCountsSeedsLeechersAndCompletions() throws Exception {
        EmbeddedTracker tracker = start();
        byte[] busy = InfoHash.fromHex("78".repeat(20)).toBytes();
        byte[] quiet = InfoHash.fromHex("9a".repeat(20)).toBytes();
        announce(tracker, busy, "seed", 1001, 0, "&event=started");
        announce(tracker, busy, "leech1", 1002, 10, "&event=started");
        announce(tracker, busy, "leech2", 1003, 10, "&event=started");
        announce(tracker, busy, "leech2", 1003, 0, "&event=completed");
        announce(tracker, quiet, "other", 1004, 10, "&event=started");

        BDictionary one = bencodedGet("http://127.0.0.1:" + tracker.port() + "/scrape?info_hash=" + escapeAll(busy));
        BDictionary all = bencodedGet("http://127.0.0.1:" + tracker.port() + "/scrape");

        BDictionary busyStats = fileStats(one, busy);
        assertEquals(2, number(busyStats, "complete"));
        assertEquals(1, number(busyStats, "downloaded"));
        assertEquals(1, number(busyStats, "incomplete"));
        assertEquals(1, ((BDictionary) one.get("files").orElseThrow()).entries().size());
        assertEquals(2, ((BDictionary) all.get("files").orElseThrow()).entries().size());
        assertEquals(1, number(fileStats(all, quiet), "incomplete"));
    }

    @Test
    void nonCompactAnswersListDictionaries() throws Exception {
        EmbeddedTracker tracker = start();
        byte[] hash = InfoHash.fromHex("bc".repeat(20)).toBytes();
        announce(tracker, hash, "a", 1001, 0, "&event=started");

        BDictionary forB = announce(tracker, hash, "b", 1002, 9, "&event=started&compact=0");

        List<BValue> peers = ((BList) forB.get("peers").orElseThrow()).values();
        assertEquals(1, peers.size());
        BDictionary peer = (BDictionary) peers.get(0);
        assertArrayEquals(peerId("a"), bytes(peer, "peer id"));
        assertEquals("127.0.0.1", new String(bytes(peer, "ip"), StandardCharsets.US_ASCII));
        assertEquals(1001, number(peer, "port"));
    }

    @Test
    void silentPeersExpireAfterTwoIntervals() throws Exception {
        EmbeddedTracker tracker = start(EmbeddedTrackerSettings.defaults().withInterval(Duration.ofSeconds(30)));
        byte[] hash = InfoHash.fromHex("de".repeat(20)).toBytes();
        announce(tracker, hash, "quiet", 1001, 0, "&event=started");

        clock.advance(Duration.ofSeconds(60));
        BDictionary atTheLimit = announce(tracker, hash, "b", 1002, 9, "&event=started");
        clock.advance(Duration.ofSeconds(1));
        BDictionary after = announce(tracker, hash, "b", 1002, 9, "");

        assertArrayEquals(compactLoopback(1001), bytes(atTheLimit, "peers"));
        assertEquals(30, number(atTheLimit, "interval"));
        assertArrayEquals(new byte[0], bytes(after, "peers"));
        assertEquals(0, number(after, "complete"));
    }

    @Test
    void fullSwarmRefusesNewPeers() throws Exception {
        EmbeddedTracker tracker = start(EmbeddedTrackerSettings.defaults().withLimits(10, 1));
        byte[] hash = InfoHash.fromHex("ef".repeat(20)).toBytes();
        announce(tracker, hash, "a", 1001, 0, "&event=started");

        assertEquals("torrent swarm is full (1 peers)", failure(announce(tracker, hash, "b", 1002, 0, "")));
    }

    @Test
    void concurrentAnnouncesAreAllCounted() throws Exception {
        EmbeddedTracker tracker = start();
        byte[] hash = InfoHash.fromHex("01".repeat(20)).toBytes();
        int peers = 100;
        List<CompletableFuture<HttpResponse<byte[]>>> pending = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(tracker.announceUrl()
                            + announceQuery(hash, "p" + i, 2000 + i, 1, "&event=started")))
                    .timeout(TIMEOUT).GET().build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> response : pending) {
            assertEquals(200, response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
        }

        BDictionary scrape = bencodedGet("http://127.0.0.1:" + tracker.port() + "/scrape?info_hash=" + escapeAll(hash));

        assertEquals(peers, number(fileStats(scrape, hash), "incomplete"));
    }

    @Test
    void otherPathsAndMethodsAreHttpErrors() throws Exception {
        EmbeddedTracker tracker = start();

        HttpResponse<byte[]> wrongPath = get(tracker.announceUrl() + "ment");
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(tracker.announceUrl()))
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(404, wrongPath.statusCode());
        assertEquals(405, post.statusCode());
    }

    @Test
    void closeFreesThePort() throws Exception {
        EmbeddedTracker tracker = start();
        int port = tracker.port();

        tracker.close();
        tracker.close();

        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getInputStream();
            }
        });
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(again.isBound());
        }
    }

    @Test
    void startingOnATakenPortSaysWhere() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

            IOException failure = assertThrows(IOException.class, () -> EmbeddedTracker.start(address));

            assertTrue(failure.getMessage().contains(String.valueOf(taken.getLocalPort())), failure.getMessage());
            assertFalse(failure.getMessage().isBlank());
        }
    }
}
