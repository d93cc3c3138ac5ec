package dev.gorrent.tracker.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dictionary peers, IPv6 peers and the tracker id round trip, end to end over loopback HTTP. The
 * bodies are written out byte by byte here, so neither the production encoder nor the other tests'
 * helpers can hide a mistake.
 */
class PeerFormsOverHttpTest {
    private WireMockServer server;
    private HttpTrackerClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        client = new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void dictionaryPeersArriveAndEntriesWithPortZeroAreSkipped() throws Exception {
        answer(bytes("d8:intervali1800e5:peersl",
                "d2:ip8:10.0.0.77:peer id20:-XX0001-aaaaaaaaaaaa4:porti6881ee",
                "d2:ip8:10.0.0.84:porti0ee",
                "d2:ip16:peer.example.org4:porti51413ee",
                "ee"));

        AnnounceResponse response = client.announce(request(""));

        assertEquals(List.of(new PeerAddress("10.0.0.7", 6881), new PeerAddress("peer.example.org", 51413)),
                response.peers());
    }

    @Test
    void compactIpv4AndIpv6PeersArriveTogether() throws Exception {
        byte[] v6 = InetAddress.getByName("2001:db8::7").getAddress();
        answer(bytes("d8:intervali1800e5:peers6:", new byte[] {127, 0, 0, 9, 0x1a, (byte) 0xe1},
                "6:peers618:", v6, new byte[] {(byte) 0xc8, (byte) 0xd5}, "e"));

        List<PeerAddress> peers = client.announce(request("")).peers();

        assertEquals(2, peers.size(), peers.toString());
        assertEquals(new PeerAddress("127.0.0.9", 6881), peers.get(0));
        PeerAddress ipv6 = peers.get(1);
        assertTrue(ipv6.host().contains(":"), "not an IPv6 literal: " + ipv6.host());
        assertArrayEquals(v6, InetAddress.getByName(ipv6.host()).getAddress(), ipv6.host());
        assertEquals(51413, ipv6.port());
    }

    @Test
    void trackerIdFromOneAnswerIsSentBackOnTheNextAnnounce() throws Exception {
        answer(bytes("d8:intervali1800e5:peers0:10:tracker id6:T-42 xe"));

        AnnounceResponse first = client.announce(request(""));
        String firstUrl = onlyRequest().getUrl();
        server.resetRequests();
        client.announce(request(first.trackerId()));
        String secondUrl = onlyRequest().getUrl();

        assertEquals("T-42 x", first.trackerId());
        assertFalse(firstUrl.contains("trackerid="), firstUrl);
        assertTrue(secondUrl.contains("&trackerid=T-42%20x"), secondUrl);
    }

    private void answer(byte[] body) {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> received = server.findAll(getRequestedFor(anyUrl()));
        assertEquals(1, received.size(), "requests received");
        return received.get(0);
    }

    private AnnounceRequest request(String trackerId) {
        byte[] hash = new byte[20];
        hash[0] = 0x42;
        return new AnnounceRequest("http://127.0.0.1:" + server.port() + "/announce", InfoHash.of(hash),
                PeerId.of("-GR0001-peerformtest".getBytes(StandardCharsets.US_ASCII)),
                6881, 0, 0, 1000, AnnounceEvent.NONE, 50, trackerId);
    }

    /** Concatenates ASCII text and raw byte arrays into one body. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
