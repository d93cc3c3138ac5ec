package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwarmsTest {
    private static final InfoHash TORRENT = InfoHash.fromHex("00ff25" + "ab".repeat(17));
    private static final InfoHash OTHER = InfoHash.fromHex("11".repeat(20));

    private final ManualClock clock = new ManualClock();
    private final Swarms swarms = new Swarms(EmbeddedTrackerSettings.defaults(), clock);

    static PeerId peer(String name) {
        return PeerId.of(String.format("%-20s", name).getBytes(StandardCharsets.US_ASCII));
    }

    static Announce announce(InfoHash torrent, String name, int port, long left, AnnounceEvent event) {
        return new Announce(torrent, peer(name), port, 0, 0, left, event, true, false, 50);
    }

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static List<String> ids(AnnounceResult result) {
        return result.peers().stream().map(p -> p.id().toString().strip()).sorted().toList();
    }

    @Test
    void eachPeerGetsTheOthersButNeverItself() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        swarms.announce(announce(TORRENT, "b", 1002, 0, AnnounceEvent.STARTED), ip("127.0.0.1"));

        AnnounceResult forA = swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.NONE), ip("127.0.0.1"));
        AnnounceResult forB = swarms.announce(announce(TORRENT, "b", 1002, 0, AnnounceEvent.NONE), ip("127.0.0.1"));

        assertEquals(List.of("b"), ids(forA));
        assertEquals(1002, forA.peers().get(0).port());
        assertEquals(List.of("a"), ids(forB));
        assertEquals(new SwarmStats(1, 0, 1), forB.stats());
    }

    @Test
    void aRestartedClientOnTheSameEndpointDoesNotGetItsOldSelf() throws Exception {
        swarms.announce(announce(TORRENT, "old", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        AnnounceResult result = swarms.announce(announce(TORRENT, "new", 1001, 10, AnnounceEvent.STARTED),
                ip("127.0.0.1"));

        assertEquals(List.of(), ids(result));
    }

    @Test
    void torrentsAreSeparate() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        AnnounceResult other = swarms.announce(announce(OTHER, "b", 1002, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        assertEquals(List.of(), ids(other));
    }

    @Test
    void stoppedRemovesThePeer() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        swarms.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        AnnounceResult stopped = swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STOPPED),
                ip("127.0.0.1"));
        AnnounceResult forB = swarms.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.NONE), ip("127.0.0.1"));

        assertEquals(List.of(), stopped.peers());
        assertEquals(List.of(), ids(forB));
        assertEquals(new SwarmStats(0, 0, 1), forB.stats());
    }

    @Test
    void peersExpireAfterTwoSilentIntervals() throws Exception {
        swarms.announce(announce(TORRENT, "quiet", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        clock.advance(Duration.ofSeconds(120));

        AnnounceResult stillThere = swarms.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STARTED),
                ip("127.0.0.1"));
        clock.advance(Duration.ofSeconds(1));
        AnnounceResult gone = swarms.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.NONE), ip("127.0.0.1"));

        assertEquals(List.of("quiet"), ids(stillThere));
        assertEquals(List.of(), ids(gone));
        assertEquals(new SwarmStats(0, 0, 1), gone.stats());
    }

    @Test
    void announcingAgainKeepsAPeerAlive() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        clock.advance(Duration.ofSeconds(100));
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.NONE), ip("127.0.0.1"));
        clock.advance(Duration.ofSeconds(100));

        AnnounceResult result = swarms.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STARTED),
                ip("127.0.0.1"));

        assertEquals(List.of("a"), ids(result));
    }

    @Test
    void ipv6PeersGoOnlyToIpv6Requesters() throws Exception {
        swarms.announce(announce(TORRENT, "v4", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        swarms.announce(announce(TORRENT, "v6", 1002, 10, AnnounceEvent.STARTED), ip("::1"));

        AnnounceResult forV4 = swarms.announce(announce(TORRENT, "asks4", 1003, 10, AnnounceEvent.STARTED),
                ip("127.0.0.2"));
        AnnounceResult forV6 = swarms.announce(announce(TORRENT, "asks6", 1004, 10, AnnounceEvent.STARTED),
                ip("::2"));

        assertEquals(List.of("v4"), ids(forV4));
        assertEquals(List.of("asks4", "v4", "v6"), ids(forV6));
    }

    @Test
    void numwantLimitsHowManyComeBack() throws Exception {
        for (int i = 0; i < 10; i++) {
            swarms.announce(announce(TORRENT, "p" + i, 2000 + i, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        }
        Announce wantsThree = new Announce(TORRENT, peer("asker"), 3000, 0, 0, 10, AnnounceEvent.STARTED,
                true, false, 3);

        assertEquals(3, swarms.announce(wantsThree, ip("127.0.0.1")).peers().size());
    }

    @Test
    void completedCountsOncePerPeer() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        swarms.announce(announce(TORRENT, "a", 1001, 0, AnnounceEvent.COMPLETED), ip("127.0.0.1"));
        swarms.announce(announce(TORRENT, "a", 1001, 0, AnnounceEvent.COMPLETED), ip("127.0.0.1"));

        assertEquals(Map.of(TORRENT, new SwarmStats(1, 1, 0)), swarms.scrape(List.of(TORRENT)));
    }

    @Test
    void scrapeNamesKnownTorrentsOnlyOrAllWhenAskedForNone() throws Exception {
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        swarms.announce(announce(OTHER, "b", 1002, 0, AnnounceEvent.STARTED), ip("127.0.0.1"));
        InfoHash unknown = InfoHash.fromHex("22".repeat(20));

        assertEquals(Map.of(TORRENT, new SwarmStats(0, 0, 1)), swarms.scrape(List.of(TORRENT, unknown)));
        assertEquals(Map.of(TORRENT, new SwarmStats(0, 0, 1), OTHER, new SwarmStats(1, 0, 0)),
                swarms.scrape(List.of()));
    }

    @Test
    void allowListRefusesOtherTorrentsAndReportsAllowedOnesAsEmpty() throws Exception {
        swarms.allow(TORRENT);

        RequestRefused refused = assertThrows(RequestRefused.class,
                () -> swarms.announce(announce(OTHER, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1")));
        swarms.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        assertEquals("unregistered torrent", refused.getMessage());
        assertEquals(Map.of(TORRENT, new SwarmStats(0, 0, 1)), swarms.scrape(List.of(TORRENT, OTHER)));
    }

    @Test
    void boundsPeersPerTorrentAndTorrents() throws Exception {
        Swarms small = new Swarms(EmbeddedTrackerSettings.defaults().withLimits(1, 2), clock);
        small.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        small.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));

        RequestRefused thirdPeer = assertThrows(RequestRefused.class,
                () -> small.announce(announce(TORRENT, "c", 1003, 10, AnnounceEvent.STARTED), ip("127.0.0.1")));
        RequestRefused secondTorrent = assertThrows(RequestRefused.class,
                () -> small.announce(announce(OTHER, "d", 1004, 10, AnnounceEvent.STARTED), ip("127.0.0.1")));
        // A peer already listed may still announce when the swarm is full.
        small.announce(announce(TORRENT, "a", 1001, 5, AnnounceEvent.NONE), ip("127.0.0.1"));

        assertEquals("torrent swarm is full (2 peers)", thirdPeer.getMessage());
        assertEquals("tracker is full (1 torrents)", secondTorrent.getMessage());
    }

    @Test
    void expiredPeersAndEmptySwarmsFreeTheirPlaces() throws Exception {
        Swarms small = new Swarms(EmbeddedTrackerSettings.defaults().withLimits(1, 1), clock);
        small.announce(announce(TORRENT, "a", 1001, 10, AnnounceEvent.STARTED), ip("127.0.0.1"));
        clock.advance(Duration.ofSeconds(121));

        AnnounceResult samePlace = small.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STARTED),
                ip("127.0.0.1"));
        small.announce(announce(TORRENT, "b", 1002, 10, AnnounceEvent.STOPPED), ip("127.0.0.1"));
        AnnounceResult otherTorrent = small.announce(announce(OTHER, "c", 1003, 10, AnnounceEvent.STARTED),
                ip("127.0.0.1"));

        assertEquals(List.of(), ids(samePlace));
        assertEquals(new SwarmStats(0, 0, 1), otherTorrent.stats());
    }

    @Test
    void stoppedFromAnUnknownPeerCreatesNothing() throws Exception {
        swarms.announce(announce(TORRENT, "ghost", 1001, 10, AnnounceEvent.STOPPED), ip("127.0.0.1"));

        assertTrue(swarms.scrape(List.of()).isEmpty());
    }
}
