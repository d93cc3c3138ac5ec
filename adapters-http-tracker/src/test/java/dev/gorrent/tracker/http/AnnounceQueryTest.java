package dev.gorrent.tracker.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.gorrent.tracker.http.TestBencode.dict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the client puts on the wire: the announce query exactly as a tracker receives it (BEP 3). */
class AnnounceQueryTest {
    /** Bytes that must be escaped (0x00, 0xff, space, %, &, =, +, /, ?, #) mixed with some that must not. */
    private static final byte[] AWKWARD_HASH = {
            0x00, (byte) 0xff, 0x20, '~', 'A', '.', '-', '_', 'z', '9',
            '%', '&', '=', '+', '/', '?', '#', (byte) 0x80, 0x7f, 0x0a};
    private static final String AWKWARD_HASH_ENCODED = "%00%FF%20~A.-_z9%25%26%3D%2B%2F%3F%23%80%7F%0A";

    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody(dict("interval", 1800, "peers", new byte[0]))));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void sendsEveryParameterOnceWithBinaryFieldsPercentEncoded() throws Exception {
        byte[] peerId = "-GR0001-\u0001\u00ffabc def~.!".getBytes(StandardCharsets.ISO_8859_1);
        AnnounceRequest request = new AnnounceRequest(url("/announce"), InfoHash.of(AWKWARD_HASH), PeerId.of(peerId),
                51413, 1_000_000_007L, 5_000_000_000L, 0, AnnounceEvent.NONE, 80, "");

        new HttpTrackerClient().announce(request);

        String sent = onlyRequestUrl();
        assertTrue(sent.startsWith("/announce?"), sent);
        Map<String, String> query = rawQuery(sent);
        assertEquals(AWKWARD_HASH_ENCODED, query.get("info_hash"));
        assertEquals("-GR0001-%01%FFabc%20def~.%21", query.get("peer_id"));
        assertEquals("51413", query.get("port"));
        assertEquals("1000000007", query.get("uploaded"));
        assertEquals("5000000000", query.get("downloaded"));
        assertEquals("0", query.get("left"));
        assertEquals("1", query.get("compact"));
        assertEquals("80", query.get("numwant"));
        assertEquals(List.of("info_hash", "peer_id", "port", "uploaded", "downloaded", "left", "compact", "numwant"),
                List.copyOf(query.keySet()), "a periodic announce without tracker id sends no event, no trackerid");
    }

    @ParameterizedTest
    @CsvSource({"STARTED, started", "COMPLETED, completed", "STOPPED, stopped"})
    void eventIsSentByItsWireName(AnnounceEvent event, String wireName) throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce"), event, ""));

        Map<String, String> query = rawQuery(onlyRequestUrl());
        assertEquals(wireName, query.get("event"));
    }

    @Test
    void periodicAnnounceOmitsTheEvent() throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce"), AnnounceEvent.NONE, ""));

        assertFalse(rawQuery(onlyRequestUrl()).containsKey("event"));
    }

    @Test
    void trackerIdIsSentBackWhenKnown() throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce"), AnnounceEvent.NONE, "sess 42/x"));

        assertEquals("sess%2042%2Fx", rawQuery(onlyRequestUrl()).get("trackerid"));
    }

    @Test
    void trackerIdIsOmittedWhenUnknown() throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce"), AnnounceEvent.STARTED, ""));

        assertFalse(rawQuery(onlyRequestUrl()).containsKey("trackerid"));
    }

    @Test
    void existingQueryInTheAnnounceUrlIsKept() throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce?passkey=abc")));

        String sent = onlyRequestUrl();
        assertTrue(sent.startsWith("/announce?passkey=abc&info_hash="), sent);
        Map<String, String> query = rawQuery(sent);
        assertEquals("abc", query.get("passkey"));
        assertEquals("50", query.get("numwant"));
        assertEquals("abc", server.getAllServeEvents().get(0).getRequest().queryParameter("passkey").firstValue());
    }

    @Test
    void sendsTheConfiguredUserAgent() throws Exception {
        new HttpTrackerClient().announce(Announces.to(url("/announce")));

        assertEquals(HttpTrackerSettings.defaults().userAgent(),
                server.getAllServeEvents().get(0).getRequest().getHeader("User-Agent"));
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /** The request line's target exactly as received, before WireMock decodes anything. */
    private String onlyRequestUrl() {
        assertEquals(1, server.getAllServeEvents().size(), "requests received");
        return server.getAllServeEvents().get(0).getRequest().getUrl();
    }

    /** Splits the query without decoding; fails on a repeated name so duplicates cannot hide. */
    private static Map<String, String> rawQuery(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (query.put(name, equals < 0 ? "" : pair.substring(equals + 1)) != null) {
                repeated.add(name);
            }
        }
        assertEquals(List.of(), repeated, "parameters sent more than once in " + url);
        return query;
    }
}
