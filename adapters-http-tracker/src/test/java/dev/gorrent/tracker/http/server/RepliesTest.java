package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeEncoder;
import dev.gorrent.domain.metainfo.InfoHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.gorrent.tracker.http.server.SwarmsTest.ip;
import static dev.gorrent.tracker.http.server.SwarmsTest.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RepliesTest {
    private static final InfoHash TORRENT = InfoHash.fromHex("00ff25" + "ab".repeat(17));
    private static final EmbeddedTrackerSettings SETTINGS = EmbeddedTrackerSettings.defaults();

    private static Announce asking(boolean compact, boolean noPeerId) {
        return new Announce(TORRENT, peer("asker"), 1, 0, 0, 0, AnnounceEvent.NONE, compact, noPeerId, 50);
    }

    private static BDictionary dict(BValue value) {
        return (BDictionary) value;
    }

    private static byte[] bytes(BDictionary dict, String key) {
        return ((BString) dict.get(key).orElseThrow()).bytes();
    }

    private static long number(BDictionary dict, String key) {
        return ((BInteger) dict.get(key).orElseThrow()).value();
    }

    @Test
    void compactAnswerPacksIpv4PeersAndCounts() throws Exception {
        AnnounceResult result = new AnnounceResult(ip("10.0.0.9"),
                List.of(new Peer(peer("a"), ip("1.2.3.4"), 0x1AE1, 0, 0)), new SwarmStats(3, 0, 4));

        BDictionary answer = dict(Replies.announce(result, asking(true, false), SETTINGS));

        assertEquals(60, number(answer, "interval"));
        assertEquals(10, number(answer, "min interval"));
        assertEquals(3, number(answer, "complete"));
        assertEquals(4, number(answer, "incomplete"));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0x1A, (byte) 0xE1}, bytes(answer, "peers"));
        assertFalse(answer.containsKey("peers6"));
    }

    @Test
    void ipv6RequestersGetPeers6BesideThePeers() throws Exception {
        AnnounceResult result = new AnnounceResult(ip("::2"), List.of(
                new Peer(peer("a"), ip("1.2.3.4"), 80, 0, 0),
                new Peer(peer("b"), ip("::1"), 443, 0, 0)), new SwarmStats(2, 0, 0));

        BDictionary answer = dict(Replies.announce(result, asking(true, false), SETTINGS));

        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 80}, bytes(answer, "peers"));
        byte[] expected6 = new byte[18];
        expected6[15] = 1;
        expected6[16] = 0x01;
        expected6[17] = (byte) 0xBB;
        assertArrayEquals(expected6, bytes(answer, "peers6"));
    }

    @Test
    void dictionaryPeersCarryIdIpAndPortUnlessIdsAreDeclined() throws Exception {
        AnnounceResult result = new AnnounceResult(ip("::2"), List.of(
                new Peer(peer("a"), ip("1.2.3.4"), 80, 0, 0),
                new Peer(peer("b"), ip("fe80::1%1"), 443, 0, 0)), new SwarmStats(2, 0, 0));

        BList withIds = (BList) dict(Replies.announce(result, asking(false, false), SETTINGS)).get("peers")
                .orElseThrow();
        BList withoutIds = (BList) dict(Replies.announce(result, asking(false, true), SETTINGS)).get("peers")
                .orElseThrow();

        BDictionary first = dict(withIds.values().get(0));
        assertArrayEquals(peer("a").toBytes(), bytes(first, "peer id"));
        assertEquals("1.2.3.4", new String(bytes(first, "ip"), StandardCharsets.US_ASCII));
        assertEquals(80, number(first, "port"));
        assertEquals("fe80:0:0:0:0:0:0:1", new String(bytes(dict(withIds.values().get(1)), "ip"),
                StandardCharsets.US_ASCII));
        assertFalse(dict(withoutIds.values().get(0)).containsKey("peer id"));
    }

    @Test
    void scrapeKeysAreTheRawInfoHashBytes() {
        byte[] encoded = BencodeEncoder.encode(Replies.scrape(Map.of(TORRENT, new SwarmStats(1, 2, 3))));

        String text = new String(encoded, StandardCharsets.ISO_8859_1);
        String rawKey = new String(TORRENT.toBytes(), StandardCharsets.ISO_8859_1);
        assertEquals("d5:filesd20:" + rawKey + "d8:completei1e10:downloadedi2e10:incompletei3eeee", text);
    }

    @Test
    void failureIsAFailureReason() {
        assertEquals("d14:failure reason13:no such thinge",
                new String(BencodeEncoder.encode(Replies.failure("no such thing")), StandardCharsets.US_ASCII));
    }
}
