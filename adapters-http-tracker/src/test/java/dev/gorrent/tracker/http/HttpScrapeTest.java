package dev.gorrent.tracker.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.gorrent.tracker.http.TestBencode.dict;
import static dev.gorrent.tracker.http.TestBencode.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BEP 48 scrapes against a real HTTP server on loopback: the URL asked, the answer read, and each failure. */
class HttpScrapeTest {
    /** Bytes that need percent-encoding, and one ('%' itself) that would break a naive decoder. */
    private static final byte[] HASH_BYTES = {
            0x00, (byte) 0xff, 0x20, '%', 'A', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final InfoHash INFO_HASH = InfoHash.of(HASH_BYTES);
    private static final InfoHash OTHER_HASH = InfoHash.of(new byte[20]);

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
    void asksTheScrapeUrlWithThePercentEncodedInfoHash() throws Exception {
        answerAnyUrl(filesWith(INFO_HASH, 1, 2, 3));

        client.scrape(url("/tracker/announce.php?passkey=abc"), INFO_HASH);

        assertEquals(1, server.getAllServeEvents().size());
        assertEquals("/tracker/scrape.php?passkey=abc&info_hash=%00%FF%20%25A%01%02%03%04%05%06%07%08%09%0A%0B%0C"
                + "%0D%0E%0F", server.getAllServeEvents().get(0).getRequest().getUrl());
    }

    @Test
    void readsCompleteDownloadedAndIncompleteOfTheTorrent() throws Exception {
        answer("/scrape", dict("files", raw(files(
                OTHER_HASH, dict("complete", 99, "downloaded", 99, "incomplete", 99),
                INFO_HASH, dict("complete", 3, "downloaded", 7, "incomplete", 1, "name", "x")))));

        ScrapeResponse counts = client.scrape(url("/announce"), INFO_HASH);

        assertEquals(new ScrapeResponse(3, 7, 1), counts);
    }

    @Test
    void aCountTheTrackerLeavesOutIsZero() throws Exception {
        answer("/scrape", dict("files", raw(files(INFO_HASH, dict("complete", 4)))));

        assertEquals(new ScrapeResponse(4, 0, 0), client.scrape(url("/announce"), INFO_HASH));
    }

    @Test
    void anAnnounceUrlWithoutAnnounceInItsLastSegmentCannotBeScraped() {
        String announce = url("/tracker/a");

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(announce, INFO_HASH));

        assertEquals("tracker " + announce + " does not support scrape: the last segment of its announce URL's"
                + " path does not start with 'announce' (BEP 48)", e.getMessage());
        assertEquals(0, server.getAllServeEvents().size(), "no request may be sent");
    }

    @Test
    void aTorrentMissingFromTheAnswerIsAFailureNamingIt() {
        answer("/scrape", filesWith(OTHER_HASH, 1, 1, 1));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("has no stats for torrent " + INFO_HASH.toHex()), e.getMessage());
    }

    @Test
    void failureReasonIsReportedWithTheTrackersWords() {
        answer("/scrape", dict("failure reason", "scrape disabled"));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("scrape disabled"), e.getMessage());
    }

    @Test
    void anAnswerWithoutFilesIsGarbage() {
        answer("/scrape", dict("flags", raw(dict("min_request_interval", 900))));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("no 'files'"), e.getMessage());
    }

    @Test
    void aNegativeCountIsGarbage() {
        answer("/scrape", filesWith(INFO_HASH, 2, -1, 0));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("'downloaded'"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotBencodeIsGarbage() {
        server.stubFor(get(urlPathEqualTo("/scrape")).willReturn(aResponse().withStatus(200).withBody("<html>")));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("not bencode"), e.getMessage());
    }

    @Test
    void anHttpErrorIsReportedWithItsStatus() {
        server.stubFor(get(urlPathEqualTo("/scrape")).willReturn(aResponse().withStatus(404)));

        TrackerException e = assertThrows(TrackerException.class, () -> client.scrape(url("/announce"), INFO_HASH));

        assertTrue(e.getMessage().contains("answered HTTP 404"), e.getMessage());
    }

    @Test
    void aClosedPortIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        TrackerException e = assertThrows(TrackerException.class,
                () -> client.scrape("http://127.0.0.1:" + closedPort + "/announce", INFO_HASH));

        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    private static byte[] filesWith(InfoHash infoHash, int complete, int downloaded, int incomplete) {
        return dict("files", raw(files(infoHash,
                dict("complete", complete, "downloaded", downloaded, "incomplete", incomplete))));
    }

    /**
     * A dictionary keyed by raw info-hash bytes, from alternating hashes and encoded values. Written here because
     * TestBencode writes String keys as UTF-8, which would turn hash bytes above 0x7f into two bytes each.
     */
    private static byte[] files(Object... hashesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        for (int i = 0; i < hashesAndValues.length; i += 2) {
            byte[] key = ((InfoHash) hashesAndValues[i]).toBytes();
            out.writeBytes((key.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(key);
            out.writeBytes((byte[]) hashesAndValues[i + 1]);
        }
        out.write('e');
        return out.toByteArray();
    }

    private static void answer(String path, byte[] body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    private static void answerAnyUrl(byte[] body) {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    private static String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }
}
