package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceTest {
    private static final String HASH = "info_hash=%00%01%02%03%04%05%06%07%08%09%0a%0b%0c%0d%0e%0f%10%11%12%ff";
    private static final String ID = "peer_id=-GR0001-abcdefghijkl";
    private static final String VALID = HASH + "&" + ID + "&port=6881&uploaded=1&downloaded=2&left=3";

    private static Announce parse(String query) throws RequestRefused {
        return Announce.from(QueryString.parse(query));
    }

    private static String refusal(String query) {
        return assertThrows(RequestRefused.class, () -> parse(query)).getMessage();
    }

    @Test
    void readsAFullAnnounce() throws Exception {
        Announce announce = parse(VALID + "&event=completed&compact=0&no_peer_id=1&numwant=7");

        assertEquals(0xff, announce.infoHash().toBytes()[19] & 0xff);
        assertEquals("-GR0001-abcdefghijkl", announce.peerId().toString());
        assertEquals(6881, announce.port());
        assertEquals(1, announce.uploaded());
        assertEquals(2, announce.downloaded());
        assertEquals(3, announce.left());
        assertEquals(AnnounceEvent.COMPLETED, announce.event());
        assertFalse(announce.compact());
        assertTrue(announce.noPeerId());
        assertEquals(7, announce.numWant());
    }

    @Test
    void defaultsToCompactFiftyPeersAndNoEvent() throws Exception {
        Announce announce = parse(HASH + "&" + ID + "&port=6881&left=0");

        assertTrue(announce.compact());
        assertEquals(50, announce.numWant());
        assertEquals(AnnounceEvent.NONE, announce.event());
        assertEquals(0, announce.uploaded());
    }

    @Test
    void capsNumwantAndTreatsNegativeAsDefault() throws Exception {
        assertEquals(200, parse(VALID + "&numwant=100000").numWant());
        assertEquals(50, parse(VALID + "&numwant=-1").numWant());
        assertEquals(0, parse(VALID + "&numwant=0").numWant());
    }

    @Test
    void readsEveryEventName() throws Exception {
        assertEquals(AnnounceEvent.STARTED, parse(VALID + "&event=started").event());
        assertEquals(AnnounceEvent.STOPPED, parse(VALID + "&event=stopped").event());
        assertEquals(AnnounceEvent.NONE, parse(VALID + "&event=").event());
    }

    @Test
    void namesWhatIsWrong() {
        assertEquals("info_hash is missing", refusal(ID + "&port=1&left=0"));
        assertEquals("info_hash must be 20 bytes, got 3", refusal("info_hash=abc&" + ID + "&port=1&left=0"));
        assertEquals("peer_id must be 20 bytes, got 21", refusal(HASH + "&" + ID + "X&port=1&left=0"));
        assertEquals("port is missing", refusal(HASH + "&" + ID + "&left=0"));
        assertEquals("port must be 1..65535, got 65536", refusal(HASH + "&" + ID + "&port=65536&left=0"));
        assertEquals("port must be a whole number, got 'http'", refusal(HASH + "&" + ID + "&port=http&left=0"));
        assertEquals("left is missing", refusal(HASH + "&" + ID + "&port=1"));
        assertEquals("left must not be negative, got -5", refusal(HASH + "&" + ID + "&port=1&left=-5"));
        assertEquals("event must be started, completed, stopped or empty, got 'paused'",
                refusal(VALID + "&event=paused"));
    }
}
