package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.gorrent.tracker.http.TestBencode.dict;
import static dev.gorrent.tracker.http.TestBencode.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceResponseParserTest {
    private static final String TRACKER = "tracker.example:8080";

    private final AnnounceResponseParser parser = new AnnounceResponseParser();

    @Test
    void compactPeersAreReadInOrder() throws Exception {
        byte[] peers = {
                10, 0, 0, 1, 0x1a, (byte) 0xe1,                          // 10.0.0.1:6881
                (byte) 192, (byte) 168, 1, (byte) 200, (byte) 0xc8, (byte) 0xd5, // 192.168.1.200:51413
                (byte) 255, (byte) 255, (byte) 255, (byte) 254, 0, 1,     // 255.255.255.254:1
        };
        AnnounceResponse response = parser.parse(dict("interval", 1800, "peers", peers), TRACKER);

        assertEquals(List.of(new PeerAddress("10.0.0.1", 6881), new PeerAddress("192.168.1.200", 51413),
                new PeerAddress("255.255.255.254", 1)), response.peers());
    }

    @Test
    void compactEntryWithPortZeroIsSkipped() throws Exception {
        byte[] peers = {1, 2, 3, 4, 0, 0, 5, 6, 7, 8, 0, 80};
        AnnounceResponse response = parser.parse(dict("interval", 1800, "peers", peers), TRACKER);

        assertEquals(List.of(new PeerAddress("5.6.7.8", 80)), response.peers());
    }

    @Test
    void dictionaryPeersAreReadAndInvalidEntriesSkipped() throws Exception {
        List<Object> peers = List.of(
                raw(dict("ip", "10.0.0.2", "peer id", "-XX0001-aaaaaaaaaaaa", "port", 6881)),
                raw(dict("ip", "10.0.0.3", "port", 70000)),          // port out of range
                raw(dict("port", 1234)),                             // no ip
                raw(dict("ip", "10.0.0.4", "port", "6881")),         // port is not an integer
                raw(dict("ip", "   ", "port", 6881)),                // blank ip
                "not a dictionary",
                raw(dict("ip", "peer.example.org", "port", 80)));
        AnnounceResponse response = parser.parse(dict("interval", 1800, "peers", peers), TRACKER);

        assertEquals(List.of(new PeerAddress("10.0.0.2", 6881), new PeerAddress("peer.example.org", 80)),
                response.peers());
    }

    @Test
    void peers6EntriesBecomeIpv6Literals() throws Exception {
        byte[] first = InetAddress.getByName("2001:db8::1").getAddress();
        byte[] second = InetAddress.getByName("fe80::abcd:1234").getAddress();
        byte[] peers6 = new byte[36];
        System.arraycopy(first, 0, peers6, 0, 16);
        peers6[16] = 0x1a;
        peers6[17] = (byte) 0xe1;
        System.arraycopy(second, 0, peers6, 18, 16);
        peers6[34] = 0x01;
        peers6[35] = (byte) 0xbb;

        List<PeerAddress> peers = parser.parse(dict("interval", 1800, "peers6", peers6), TRACKER).peers();

        assertEquals(2, peers.size());
        assertIpv6(first, 6881, peers.get(0));
        assertIpv6(second, 443, peers.get(1));
    }

    @Test
    void ipv4AndIpv6PeersAreBothKept() throws Exception {
        byte[] peers = {10, 0, 0, 1, 0x1a, (byte) 0xe1};
        byte[] peers6 = new byte[18];
        peers6[15] = 1; // ::1
        peers6[17] = 80;

        byte[] body = dict("interval", 1800, "peers", peers, "peers6", peers6);

        List<PeerAddress> result = parser.parse(body, TRACKER).peers();

        assertEquals(2, result.size());
        assertEquals(new PeerAddress("10.0.0.1", 6881), result.get(0));
        assertIpv6(InetAddress.getByName("::1").getAddress(), 80, result.get(1));
    }

    @Test
    void compactPeersNotAMultipleOfSixAreRefused() {
        byte[] peers = {10, 0, 0, 1, 0x1a, (byte) 0xe1, 10, 0, 0, 2};
        TrackerException e = assertThrows(TrackerException.class,
                () -> parser.parse(dict("interval", 1800, "peers", peers), TRACKER));

        assertTrue(e.getMessage().contains("10 bytes") && e.getMessage().contains("multiple of 6"), e.getMessage());
        assertTrue(e.getMessage().contains(TRACKER), e.getMessage());
    }

    @Test
    void compactPeers6NotAMultipleOfEighteenAreRefused() {
        TrackerException e = assertThrows(TrackerException.class,
                () -> parser.parse(dict("interval", 1800, "peers6", new byte[17]), TRACKER));

        assertTrue(e.getMessage().contains("multiple of 18"), e.getMessage());
    }

    @Test
    void failureReasonBecomesTheErrorMessage() {
        byte[] body = dict("failure reason", "torrent not registered with this tracker",
                "interval", 1800, "peers", new byte[6]);
        TrackerException e = assertThrows(TrackerException.class, () -> parser.parse(body, TRACKER));

        assertTrue(e.getMessage().contains("torrent not registered with this tracker"), e.getMessage());
        assertTrue(e.getMessage().contains(TRACKER), e.getMessage());
    }

    @Test
    void warningMessageIsSurfaced() throws Exception {
        AnnounceResponse response = parser.parse(
                dict("interval", 1800, "peers", new byte[0], "warning message", "your client is outdated"), TRACKER);

        assertEquals(Optional.of("your client is outdated"), response.warning());
    }

    @Test
    void noWarningMeansEmpty() throws Exception {
        AnnounceResponse response = parser.parse(dict("interval", 1800, "peers", new byte[0]), TRACKER);

        assertEquals(Optional.empty(), response.warning());
        assertEquals("", response.trackerId());
        assertEquals(List.of(), response.peers());
    }

    @Test
    void intervalAndMinIntervalAreRead() throws Exception {
        AnnounceResponse response = parser.parse(
                dict("interval", 1234, "min interval", 95, "peers", new byte[0]), TRACKER);

        assertEquals(Duration.ofSeconds(1234), response.interval());
        assertEquals(Duration.ofSeconds(95), response.minInterval());
    }

    @Test
    void missingIntervalFallsBackToThirtyMinutesAndNoMinimum() throws Exception {
        AnnounceResponse response = parser.parse(dict("peers", new byte[0]), TRACKER);

        assertEquals(Duration.ofMinutes(30), response.interval());
        assertEquals(Duration.ZERO, response.minInterval());
    }

    @Test
    void intervalThatIsNotAnIntegerFallsBackToTheDefault() throws Exception {
        AnnounceResponse response = parser.parse(dict("interval", "soon", "peers", new byte[0]), TRACKER);

        assertEquals(Duration.ofMinutes(30), response.interval());
    }

    @Test
    void absurdIntervalsAreBounded() throws Exception {
        AnnounceResponse tooShort = parser.parse(dict("interval", 0, "min interval", -5), TRACKER);
        AnnounceResponse tooLong = parser.parse(dict("interval", 10L * 365 * 86400), TRACKER);

        assertEquals(Duration.ofSeconds(30), tooShort.interval());
        assertEquals(Duration.ofSeconds(30), tooShort.minInterval());
        assertEquals(Duration.ofDays(1), tooLong.interval());
    }

    @Test
    void trackerIdIsReturned() throws Exception {
        AnnounceResponse response = parser.parse(
                dict("interval", 1800, "peers", new byte[0], "tracker id", "session-42"), TRACKER);

        assertEquals("session-42", response.trackerId());
    }

    @Test
    void garbageIsRefusedAsNotBencode() {
        byte[] body = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.US_ASCII);
        TrackerException e = assertThrows(TrackerException.class, () -> parser.parse(body, TRACKER));

        assertTrue(e.getMessage().contains("bencode"), e.getMessage());
        assertTrue(e.getMessage().contains(TRACKER), e.getMessage());
    }

    @Test
    void emptyBodyIsRefused() {
        TrackerException e = assertThrows(TrackerException.class, () -> parser.parse(new byte[0], TRACKER));

        assertTrue(e.getMessage().contains("bencode"), e.getMessage());
    }

    @Test
    void answerThatIsNotADictionaryIsRefused() {
        byte[] body = "li1ei2ee".getBytes(StandardCharsets.US_ASCII);
        TrackerException e = assertThrows(TrackerException.class, () -> parser.parse(body, TRACKER));

        assertTrue(e.getMessage().contains("not a dictionary"), e.getMessage());
    }

    private static void assertIpv6(byte[] expectedAddress, int expectedPort, PeerAddress actual) throws Exception {
        assertTrue(actual.host().contains(":"), "not an IPv6 literal: " + actual.host());
        assertArrayEquals(expectedAddress, InetAddress.getByName(actual.host()).getAddress(), actual.host());
        assertEquals(expectedPort, actual.port());
    }
}
