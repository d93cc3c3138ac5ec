package dev.gorrent.tracker.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.tracker.net.HangingLookup;
import dev.gorrent.tracker.net.HostResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.gorrent.tracker.http.TestBencode.dict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real HTTP server on loopback: answers, failures, limits and redirects. */
class HttpTrackerClientTest {
    private static final byte[] TWO_PEERS = Answers.TWO_PEERS;

    private static WireMockServer server;

    private final HttpTrackerClient client = new HttpTrackerClient(
            HttpTrackerSettings.defaults().withTimeout(Duration.ofSeconds(5)));

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void forgetStubs() {
        server.resetAll();
    }

    @Test
    void announceReturnsTheParsedAnswer() throws Exception {
        answer("/announce", dict("interval", 900, "min interval", 60, "peers", TWO_PEERS,
                "tracker id", "abc", "warning message", "slow down"));

        AnnounceResponse response = client.announce(Announces.to(url("/announce")));

        assertEquals(List.of(new PeerAddress("10.0.0.1", 6881), new PeerAddress("10.0.0.2", 6882)), response.peers());
        assertEquals(Duration.ofSeconds(900), response.interval());
        assertEquals(Duration.ofSeconds(60), response.minInterval());
        assertEquals("abc", response.trackerId());
        assertEquals(Optional.of("slow down"), response.warning());
    }

    @Test
    void failureReasonIsReportedWithTheTrackersWords() {
        answer("/announce", dict("failure reason", "unregistered torrent"));

        TrackerException e = announceFails(client);

        assertTrue(e.getMessage().contains("unregistered torrent"), e.getMessage());
    }

    @Test
    void garbageBodyIsReportedAsNotBencode() {
        answer("/announce", "<html>hello</html>".getBytes(StandardCharsets.US_ASCII));

        TrackerException e = announceFails(client);

        assertTrue(e.getMessage().contains("bencode"), e.getMessage());
    }

    @Test
    void serverErrorIsReportedWithItsStatus() {
        server.stubFor(get(urlPathEqualTo("/announce")).willReturn(aResponse().withStatus(500)
                .withBody(dict("interval", 1800, "peers", TWO_PEERS))));

        TrackerException e = announceFails(client);

        assertTrue(e.getMessage().contains("answered HTTP 500"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    }

    @Test
    void trackerThatDelaysItsAnswerTimesOut() {
        server.stubFor(get(urlPathEqualTo("/announce")).willReturn(aResponse().withStatus(200)
                .withBody(dict("interval", 1800, "peers", TWO_PEERS)).withFixedDelay(2000)));
        HttpTrackerClient impatient = new HttpTrackerClient(
                HttpTrackerSettings.defaults().withTimeout(Duration.ofMillis(300)));

        TrackerException e = announceFails(impatient);

        assertTrue(e.getMessage().contains("did not answer within 300 ms"), e.getMessage());
    }

    @Test
    void trackerThatSendsHeadersThenDribblesTheBodyTimesOut() {
        // Headers arrive at once, so only a deadline on the whole answer (not just the headers) catches this.
        server.stubFor(get(urlPathEqualTo("/announce")).willReturn(aResponse().withStatus(200)
                .withBody(dict("interval", 1800, "peers", TWO_PEERS)).withChunkedDribbleDelay(10, 3000)));
        HttpTrackerClient impatient = new HttpTrackerClient(
                HttpTrackerSettings.defaults().withTimeout(Duration.ofMillis(500)));

        TrackerException e = announceFails(impatient);

        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    }

    @Test
    void bodyOverTheCapIsRefused() {
        byte[] padding = new byte[5000];
        Arrays.fill(padding, (byte) 'x');
        answer("/announce", dict("interval", 1800, "padding", padding));
        HttpTrackerClient capped = new HttpTrackerClient(HttpTrackerSettings.defaults().withMaxBodyBytes(1000));

        TrackerException e = announceFails(capped);

        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() throws Exception {
        byte[] body = Answers.bodyOfExactly(1000);
        answer("/announce", body);
        HttpTrackerClient capped = new HttpTrackerClient(HttpTrackerSettings.defaults().withMaxBodyBytes(1000));

        AnnounceResponse response = capped.announce(Announces.to(url("/announce")));

        assertEquals(2, response.peers().size());
    }

    @Test
    void redirectToAnotherPathIsFollowed() throws Exception {
        server.stubFor(get(urlPathEqualTo("/announce")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", url("/moved/announce"))));
        answer("/moved/announce", dict("interval", 1800, "peers", TWO_PEERS));

        AnnounceResponse response = client.announce(Announces.to(url("/announce")));

        assertEquals(List.of(new PeerAddress("10.0.0.1", 6881), new PeerAddress("10.0.0.2", 6882)), response.peers());
    }

    @Test
    void closedPortIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        TrackerException e = assertThrows(TrackerException.class,
                () -> client.announce(Announces.to("http://127.0.0.1:" + closedPort + "/announce")));

        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void aHostNameThatDoesNotResolveFailsAtTheDeadlineNamingTheHost() {
        try (HangingLookup nameServer = new HangingLookup()) {
            HttpTrackerClient impatient = new HttpTrackerClient(
                    HttpTrackerSettings.defaults().withTimeout(Duration.ofMillis(300)), new HostResolver(nameServer));
            long start = System.nanoTime();

            TrackerException e = assertThrows(TrackerException.class,
                    () -> impatient.announce(Announces.to("http://tracker.example:6969/announce")));

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis < 5_000, waitedMillis + " ms");
            // The time is what was left of the deadline: 300 ms, less whatever ran before the lookup.
            assertTrue(e.getMessage().matches("cannot reach tracker tracker\\.example:6969: "
                    + "host tracker\\.example did not resolve within ([12]\\d\\d|300) ms"), e.getMessage());
            assertEquals(List.of("tracker.example"), nameServer.asked());
        }
    }

    @Test
    void aHostNameThatFailsToResolveIsReportedAsAnUnknownHost() {
        HttpTrackerClient offline = new HttpTrackerClient(HttpTrackerSettings.defaults(), new HostResolver(host -> {
            throw new UnknownHostException(host);
        }));

        TrackerException e = assertThrows(TrackerException.class,
                () -> offline.announce(Announces.to("http://tracker.example:6969/announce")));

        assertEquals("cannot reach tracker tracker.example:6969: unknown host tracker.example", e.getMessage());
    }

    @Test
    void anAddressLiteralNeverWaitsForTheNameServer() throws Exception {
        answer("/announce", dict("interval", 1800, "peers", TWO_PEERS));
        try (HangingLookup nameServer = new HangingLookup()) {
            HttpTrackerClient withoutDns = new HttpTrackerClient(
                    HttpTrackerSettings.defaults().withTimeout(Duration.ofSeconds(5)), new HostResolver(nameServer));

            AnnounceResponse response = withoutDns.announce(Announces.to(url("/announce")));

            assertEquals(2, response.peers().size());
            assertEquals(List.of(), nameServer.asked());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://:8080/announce", "http://127.0.0.1:99999/announce", "http://bad host/announce"})
    void malformedTrackerUrlIsATrackerException(String trackerUrl) {
        TrackerException e = assertThrows(TrackerException.class, () -> client.announce(Announces.to(trackerUrl)));

        assertFalse(e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tracker.example/announce", "https://tracker.example/announce",
            "HTTP://TRACKER.EXAMPLE/ANNOUNCE", "HtTpS://tracker.example:443/a"})
    void supportsHttpAndHttpsInAnyCase(String trackerUrl) {
        assertTrue(client.supports(trackerUrl));
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp://tracker.example:6969/announce", "UDP://tracker.example:80", "wss://tracker.example",
            "httpx://tracker.example", "tracker.example/announce", ""})
    void doesNotSupportOtherSchemes(String trackerUrl) {
        assertFalse(client.supports(trackerUrl));
    }

    private static TrackerException announceFails(HttpTrackerClient someClient) {
        return assertThrows(TrackerException.class, () -> someClient.announce(Announces.to(url("/announce"))));
    }

    private static void answer(String path, byte[] body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}
