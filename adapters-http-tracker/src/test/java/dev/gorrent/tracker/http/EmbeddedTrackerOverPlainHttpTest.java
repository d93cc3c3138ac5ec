package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.tracker.http.server.EmbeddedTracker;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plain-HTTP client against the embedded tracker, whose JDK HttpServer frames answers its own way (the demo). */
class EmbeddedTrackerOverPlainHttpTest {
    @Test
    void secondPeerLearnsOfTheFirstAndScrapeCountsBoth() throws Exception {
        HttpTrackerClient client =
                new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(Duration.ofSeconds(5)));
        InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (EmbeddedTracker tracker = EmbeddedTracker.start(anyLoopbackPort)) {
            client.announce(request(tracker, "-GR0001-seederseeder", 7001, 0));

            AnnounceResponse second = client.announce(request(tracker, "-GR0001-leecherleech", 7002, 100));
            ScrapeResponse counts = client.scrape(tracker.announceUrl(), Announces.INFO_HASH);

            assertEquals(List.of(new PeerAddress("127.0.0.1", 7001)), second.peers());
            assertEquals(1, counts.seeders());
            assertEquals(1, counts.leechers());
        }
    }

    private static AnnounceRequest request(EmbeddedTracker tracker, String peerId, int port, long left) {
        return new AnnounceRequest(tracker.announceUrl(), Announces.INFO_HASH,
                PeerId.of(peerId.getBytes(StandardCharsets.US_ASCII)), port, 0, 0, left, AnnounceEvent.STARTED, 50, "");
    }
}
