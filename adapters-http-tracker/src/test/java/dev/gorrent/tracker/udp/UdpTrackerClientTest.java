package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.tracker.net.HangingLookup;
import dev.gorrent.tracker.net.HostResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpTrackerClientTest {
    /** 200 + 400 + 800 ms: three tries that fail fast enough for a unit test. */
    private static final UdpTrackerSettings FAST =
            new UdpTrackerSettings(Duration.ofMillis(200), 2, Duration.ofMinutes(1), 16_384);
    private static final InfoHash INFO_HASH = InfoHash.fromHex("00112233445566778899aabbccddeeff01234567");
    private static final PeerId PEER_ID = PeerId.of("-GR0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
    private static final int OUR_PORT = 51_413; // above 32767: must go out as an unsigned 16-bit number

    private static final List<InetSocketAddress> TWO_PEERS = List.of(
            new InetSocketAddress("10.0.0.1", 6881),
            new InetSocketAddress("192.168.1.20", 60_000));
    private static final List<PeerAddress> TWO_PEERS_PARSED = List.of(
            new PeerAddress("10.0.0.1", 6881),
            new PeerAddress("192.168.1.20", 60_000));

    private final ManualClock clock = new ManualClock();
    private final UdpTrackerClient client = new UdpTrackerClient(FAST, clock);

    private static AnnounceRequest request(String url, AnnounceEvent event) {
        return new AnnounceRequest(url, INFO_HASH, PEER_ID, OUR_PORT, 111, 222, 333, event, 50, "");
    }

    private static AnnounceRequest request(String url) {
        return request(url, AnnounceEvent.NONE);
    }

    @Test
    void connectsThenAnnouncesAndReturnsTheCompactPeers() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(protocol)) {
            AnnounceResponse response = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            assertEquals(Duration.ofSeconds(FakeProtocol.INTERVAL_SECONDS), response.interval());
            assertEquals(Duration.ZERO, response.minInterval());
            assertEquals("", response.trackerId());
            assertEquals(Optional.empty(), response.warning());

            List<TrackerRequest> sent = tracker.received();
            assertEquals(2, sent.size());
            TrackerRequest connect = sent.get(0);
            assertEquals(16, connect.length());
            assertEquals(0x41727101980L, connect.firstLong());
            assertEquals(0, connect.action());
            TrackerRequest announce = sent.get(1);
            assertEquals(98, announce.length());
            assertEquals(1, announce.action());
            assertEquals(protocol.issued(), Set.of(announce.firstLong()));
        }
    }

    @Test
    void announceCarriesEveryFieldWhereBep15PutsIt() throws Exception {
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(FakeProtocol.ipv4(TWO_PEERS))) {
            client.announce(request(tracker.announceUrl(), AnnounceEvent.STARTED));
            client.announce(new AnnounceRequest(tracker.announceUrl(), INFO_HASH, PEER_ID, OUR_PORT, 0, 0, 0,
                    AnnounceEvent.NONE, -7, ""));

            List<TrackerRequest> announces = tracker.received(1);
            assertEquals(2, announces.size());
            TrackerRequest first = announces.get(0);
            assertArrayEquals(INFO_HASH.toBytes(), first.infoHash());
            assertArrayEquals(PEER_ID.toBytes(), first.peerId());
            assertEquals(222, first.downloaded());
            assertEquals(333, first.left());
            assertEquals(111, first.uploaded());
            assertEquals(2, first.event());
            assertEquals(0, first.ip());
            assertEquals(50, first.numWant());
            assertEquals(OUR_PORT, first.port());

            TrackerRequest second = announces.get(1);
            assertEquals(-1, second.numWant(), "a negative num_want goes out as the spec's -1 (tracker's default)");
            assertEquals(first.key(), second.key(), "the key identifies this client, so it stays the same");
            assertNotEquals(first.transactionId(), second.transactionId(), "each request gets a fresh transaction id");
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE, 0", "COMPLETED, 1", "STARTED, 2", "STOPPED, 3"})
    void encodesEachEventAsItsBep15Number(AnnounceEvent event, int code) throws Exception {
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(FakeProtocol.ipv4(TWO_PEERS))) {
            client.announce(request(tracker.announceUrl(), event));

            assertEquals(code, tracker.received(1).get(0).event());
        }
    }

    @Test
    void reusesTheConnectionIdForOneMinuteThenConnectsAgain() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(protocol)) {
            client.announce(request(tracker.announceUrl()));
            clock.advance(Duration.ofSeconds(59));
            client.announce(request(tracker.announceUrl()));

            assertEquals(1, tracker.received(0).size(), "the second announce within a minute sends no connect");
            List<TrackerRequest> announces = tracker.received(1);
            assertEquals(announces.get(0).firstLong(), announces.get(1).firstLong());

            clock.advance(Duration.ofSeconds(1));
            AnnounceResponse third = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, third.peers());
            assertEquals(2, tracker.received(0).size(), "a minute after receipt the id is no longer used");
            assertNotEquals(announces.get(0).firstLong(), tracker.received(1).get(2).firstLong());
        }
    }

    @Test
    void connectsAgainWhenTheIdExpiresBetweenRetransmissions() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        AtomicInteger announcesSeen = new AtomicInteger();
        FakeUdpTracker.Responder losesFirstAnnounceWhileAMinutePasses = request -> {
            if (request.action() == 1 && announcesSeen.getAndIncrement() == 0) {
                clock.advance(Duration.ofSeconds(61));
                return List.of();
            }
            return protocol.respond(request);
        };
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(losesFirstAnnounceWhileAMinutePasses)) {
            AnnounceResponse response = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            List<Integer> actions = tracker.received().stream().map(TrackerRequest::action).toList();
            assertEquals(List.of(0, 1, 0, 1), actions);
            List<TrackerRequest> announces = tracker.received(1);
            assertNotEquals(announces.get(0).firstLong(), announces.get(1).firstLong());
            assertEquals(announces.get(0).transactionId(), announces.get(1).transactionId(),
                    "a retransmission is the same request");
        }
    }

    @Test
    void retransmitsAConnectThatGotNoAnswer() throws Exception {
        FakeUdpTracker.Responder losesFirstPacket = dropping(1, FakeProtocol.ipv4(TWO_PEERS));
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(losesFirstPacket)) {
            AnnounceResponse response = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            List<TrackerRequest> connects = tracker.received(0);
            assertEquals(2, connects.size());
            assertEquals(connects.get(0).transactionId(), connects.get(1).transactionId());
            assertEquals(1, tracker.received(1).size());
        }
    }

    @Test
    void retransmitsAnAnnounceThatGotNoAnswer() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        AtomicInteger announcesSeen = new AtomicInteger();
        FakeUdpTracker.Responder losesFirstAnnounce = request ->
                request.action() == 1 && announcesSeen.getAndIncrement() == 0 ? List.of() : protocol.respond(request);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(losesFirstAnnounce)) {
            AnnounceResponse response = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            assertEquals(1, tracker.received(0).size(), "the connection id was still good");
            assertEquals(2, tracker.received(1).size());
        }
    }

    @Test
    void skipsDatagramsThatDoNotAnswerTheRequest() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        FakeUdpTracker.Responder noisy = request -> {
            List<byte[]> answers = new ArrayList<>();
            if (request.action() == 1) {
                int tx = request.transactionId();
                byte[] wrongTransaction = protocol.announceAnswer(tx + 1, 0, 0,
                        List.of(new InetSocketAddress("6.6.6.6", 666)));
                byte[] tooShort = ByteBuffer.allocate(12).putInt(1).putInt(tx).putInt(60).array();
                byte[] wrongAction = ByteBuffer.allocate(20).putInt(2).putInt(tx).array();
                answers.addAll(List.of(wrongTransaction, tooShort, wrongAction));
            }
            answers.addAll(protocol.respond(request));
            return answers;
        };
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(noisy)) {
            AnnounceResponse response = client.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            assertEquals(1, tracker.received(1).size(), "the real answer came within the first wait");
        }
    }

    @Test
    void answersWithTheWrongTransactionIdCountAsNoAnswer() throws Exception {
        FakeUdpTracker.Responder mismatching = request ->
                List.of(FakeProtocol.connectAnswer(request.transactionId() ^ 0x5a5a, 42));
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(mismatching)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.announce(request(tracker.announceUrl())));

            assertEquals("udp tracker " + tracker.hostAndPort() + " did not answer after 3 tries", error.getMessage());
            assertEquals(3, tracker.received(0).size());
        }
    }

    @Test
    void givesUpAfterTheConfiguredTries() throws Exception {
        FakeUdpTracker.Responder silent = request -> List.of();
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(silent)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.announce(request(tracker.announceUrl())));

            assertEquals("udp tracker " + tracker.hostAndPort() + " did not answer after 3 tries", error.getMessage());
            List<TrackerRequest> connects = tracker.awaitReceived(0, 4, Duration.ofMillis(300));
            assertEquals(3, connects.size());
            assertEquals(1, connects.stream().map(TrackerRequest::transactionId).distinct().count());
        }
    }

    @Test
    void anErrorAnswerBecomesTheTrackersMessageAndDropsTheConnectionId() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        AtomicInteger announcesSeen = new AtomicInteger();
        FakeUdpTracker.Responder refusesFirstAnnounce = request ->
                request.action() == 1 && announcesSeen.getAndIncrement() == 0
                        ? List.of(FakeProtocol.errorAnswer(request.transactionId(), "torrent not registered"))
                        : protocol.respond(request);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(refusesFirstAnnounce)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.announce(request(tracker.announceUrl())));

            assertEquals("udp tracker " + tracker.hostAndPort() + " refused: torrent not registered",
                    error.getMessage());
            assertEquals(TWO_PEERS_PARSED, client.announce(request(tracker.announceUrl())).peers());
            assertEquals(2, tracker.received(0).size(), "after an error the client connects afresh");
        }
    }

    @Test
    void anErrorAnswerToTheConnectIsReportedToo() throws Exception {
        FakeUdpTracker.Responder refusing = request ->
                List.of(FakeProtocol.errorAnswer(request.transactionId(), "go away\0"));
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(refusing)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.announce(request(tracker.announceUrl())));

            assertEquals("udp tracker " + tracker.hostAndPort() + " refused: go away", error.getMessage());
        }
    }

    @Test
    void aNegativeIntervalIsAnError() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        FakeUdpTracker.Responder negative = request -> request.action() == 1
                ? List.of(ByteBuffer.allocate(20).putInt(1).putInt(request.transactionId()).putInt(-5).array())
                : protocol.respond(request);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(negative)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.announce(request(tracker.announceUrl())));

            assertEquals("udp tracker " + tracker.hostAndPort() + " answered a negative interval (-5 s)",
                    error.getMessage());
        }
    }

    @Test
    void scrapeReturnsTheTrackersCounts() throws Exception {
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(
                FakeProtocol.scraping(new ScrapeResponse(5, 17, 3)))) {
            ScrapeResponse result = client.scrape(tracker.announceUrl(), INFO_HASH);

            assertEquals(new ScrapeResponse(5, 17, 3), result);
            TrackerRequest scrape = tracker.received(2).get(0);
            assertEquals(36, scrape.length());
            assertArrayEquals(INFO_HASH.toBytes(), scrape.infoHash());
        }
    }

    @Test
    void negativeScrapeCountsAreAnError() throws Exception {
        FakeProtocol protocol = FakeProtocol.ipv4(TWO_PEERS);
        FakeUdpTracker.Responder negative = request -> request.action() == 2
                ? List.of(ByteBuffer.allocate(20).putInt(2).putInt(request.transactionId())
                        .putInt(-1).putInt(4).putInt(2).array())
                : protocol.respond(request);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(negative)) {
            TrackerException error =
                    assertThrows(TrackerException.class, () -> client.scrape(tracker.announceUrl(), INFO_HASH));

            assertEquals("udp tracker " + tracker.hostAndPort()
                    + " answered negative scrape counts (seeders -1, completed 4, leechers 2)", error.getMessage());
        }
    }

    @Test
    void anIpv6TrackerSendsEighteenBytePeers() throws Exception {
        List<InetSocketAddress> peers = List.of(
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6881),
                new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 6882));
        try (FakeUdpTracker tracker = FakeUdpTracker.start(InetAddress.getByName("::1"), FakeProtocol.ipv6(peers))) {
            String url = tracker.announceUrl().replace("[0:0:0:0:0:0:0:1]", "[::1]");
            assertTrue(url.startsWith("udp://[::1]:"), url);

            AnnounceResponse response = client.announce(request(url));

            assertEquals(List.of(new PeerAddress("2001:db8:0:0:0:0:0:1", 6881), new PeerAddress("10.0.0.7", 6882)),
                    response.peers());
        }
    }

    @Test
    void anUnknownHostIsNamedInTheError() {
        UdpTrackerClient offline = new UdpTrackerClient(FAST, clock, new HostResolver(host -> {
            throw new UnknownHostException(host);
        }));

        TrackerException error = assertThrows(TrackerException.class,
                () -> offline.announce(request("udp://tracker.example:6969/announce")));

        assertEquals("udp tracker tracker.example:6969: host 'tracker.example' is unknown (name lookup failed)",
                error.getMessage());
    }

    @Test
    void aHostNameThatDoesNotResolveFailsAfterTheBaseTimeoutNamingTheHost() {
        try (HangingLookup nameServer = new HangingLookup()) {
            UdpTrackerClient impatient = new UdpTrackerClient(
                    new UdpTrackerSettings(Duration.ofMillis(300), 2, Duration.ofMinutes(1), 16_384), clock,
                    new HostResolver(nameServer));
            long start = System.nanoTime();

            TrackerException error = assertThrows(TrackerException.class,
                    () -> impatient.announce(request("udp://tracker.example:6969/announce")));

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis < 5_000, waitedMillis + " ms");
            assertEquals("udp tracker tracker.example:6969: host tracker.example did not resolve within 300 ms",
                    error.getMessage());
            assertEquals(List.of("tracker.example"), nameServer.asked());
        }
    }

    @Test
    void anAddressLiteralNeverWaitsForTheNameServer() throws Exception {
        try (HangingLookup nameServer = new HangingLookup();
             FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(FakeProtocol.ipv4(TWO_PEERS))) {
            UdpTrackerClient withoutDns = new UdpTrackerClient(FAST, clock, new HostResolver(nameServer));

            AnnounceResponse response = withoutDns.announce(request(tracker.announceUrl()));

            assertEquals(TWO_PEERS_PARSED, response.peers());
            assertEquals(List.of(), nameServer.asked());
        }
    }

    @Test
    void aPortWhereNothingListensFailsAtOnce() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closedPort = probe.getLocalPort();
        }
        UdpTrackerClient patient = new UdpTrackerClient(
                new UdpTrackerSettings(Duration.ofSeconds(30), 0, Duration.ofMinutes(1), 16_384), clock);

        TrackerException error = assertThrows(TrackerException.class,
                () -> patient.announce(request("udp://127.0.0.1:" + closedPort + "/announce")));

        // With a 30 s wait, only the ICMP answer can produce this message rather than "did not answer".
        assertEquals("udp tracker 127.0.0.1:" + closedPort + " is not listening (port unreachable)",
                error.getMessage());
    }

    @Test
    void concurrentAnnouncesEachGetTheirOwnAnswer() throws Exception {
        // The fake hands every announcer back its own port as a peer, so crossed answers would show.
        FakeProtocol echo = FakeProtocol.ipv4(request -> List.of(new InetSocketAddress("10.9.8.7", request.port())));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FakeUdpTracker tracker = FakeUdpTracker.startOnLoopback(echo)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int port = 20_000 + i;
                results.add(pool.submit(() -> {
                    AnnounceRequest own = new AnnounceRequest(tracker.announceUrl(), INFO_HASH, PEER_ID, port,
                            0, 0, 0, AnnounceEvent.NONE, 50, "");
                    return client.announce(own).peers().equals(List.of(new PeerAddress("10.9.8.7", port)));
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void supportsUdpUrlsOnly() {
        assertTrue(client.supports("udp://tracker.example:6969/announce"));
        assertTrue(client.supports("UDP://tracker.example:6969"));
        assertFalse(client.supports("http://tracker.example/announce"));
        assertFalse(client.supports("udpx://tracker.example:6969"));
    }

    /** Loses the first {@code count} datagrams, then lets {@code then} answer. */
    private static FakeUdpTracker.Responder dropping(int count, FakeUdpTracker.Responder then) {
        AtomicInteger seen = new AtomicInteger();
        return request -> seen.getAndIncrement() < count ? List.of() : then.respond(request);
    }
}
