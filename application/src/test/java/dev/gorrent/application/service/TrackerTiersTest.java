package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.service.fakes.FakeTrackerClient;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerTiersTest {
    private static final List<String> FIVE = List.of("http://a.test/", "http://b.test/", "http://c.test/",
            "http://d.test/", "http://e.test/");
    private static final PeerAddress PEER = new PeerAddress("127.0.0.9", 6881);

    @Test
    void triesEveryTrackerOfATierThenTheNextTier() {
        FakeTrackerClient client = new FakeTrackerClient()
                .fail("http://a.test/", "a is down").fail("http://b.test/", "b is down")
                .answer("http://c.test/", FakeTrackerClient.peers(PEER));
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://a.test/", "http://b.test/"),
                List.of("http://c.test/")), client, new SplittableRandom(3));

        TrackerTiers.Outcome outcome = tiers.announce(AnnounceEvent.STARTED, TrackerTiersTest::request);

        assertEquals("http://c.test/", outcome.answer().orElseThrow().trackerUrl());
        assertEquals(List.of(PEER), outcome.answer().orElseThrow().response().peers());
        assertEquals(Set.of("http://a.test/", "http://b.test/"), Set.copyOf(client.urlsAsked().subList(0, 2)));
        assertEquals("http://c.test/", client.urlsAsked().get(2));
        assertEquals(Set.of(new TrackerTiers.Failure("http://a.test/", "a is down"),
                new TrackerTiers.Failure("http://b.test/", "b is down")), Set.copyOf(outcome.failures()));
        assertEquals(AnnounceEvent.STARTED, outcome.event());
    }

    @Test
    void stopsAtTheFirstTrackerThatAnswers() {
        FakeTrackerClient client = new FakeTrackerClient()
                .answer("http://a.test/", FakeTrackerClient.peers())
                .answer("http://b.test/", FakeTrackerClient.peers());
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://a.test/"), List.of("http://b.test/")), client,
                new SplittableRandom(3));

        TrackerTiers.Outcome outcome = tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);

        assertEquals(List.of("http://a.test/"), client.urlsAsked());
        assertEquals(List.of(), outcome.failures());
    }

    @Test
    void announcingToAllTiersAsksOneTrackerOfEveryTier() {
        PeerAddress other = new PeerAddress("127.0.0.10", 6881);
        FakeTrackerClient client = new FakeTrackerClient()
                .fail("http://a.test/", "a is down")
                .answer("http://b.test/", FakeTrackerClient.peers(PEER))
                .answer("http://c.test/", FakeTrackerClient.peers(other))
                .answer("http://d.test/", FakeTrackerClient.peers());
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://a.test/"), List.of("http://b.test/"),
                List.of("http://c.test/", "http://d.test/")), client, new SplittableRandom(3));

        TrackerTiers.Outcome outcome = tiers.announceToAllTiers(AnnounceEvent.STARTED, TrackerTiersTest::request);

        assertEquals(2, outcome.answers().size(), "one answer from each tier that answers");
        assertEquals("http://b.test/", outcome.answer().orElseThrow().trackerUrl());
        assertEquals(List.of(new TrackerTiers.Failure("http://a.test/", "a is down")), outcome.failures());
        assertEquals(3, client.urlsAsked().size(), "the third tier stops at its first answer: " + client.urlsAsked());
    }

    @Test
    void reportsEveryFailureWhenNoTrackerAnswers() {
        FakeTrackerClient client = new FakeTrackerClient();
        TrackerTiers tiers = new TrackerTiers(List.of(FIVE), client, new SplittableRandom(3));

        TrackerTiers.Outcome outcome = tiers.announce(AnnounceEvent.STARTED, TrackerTiersTest::request);

        assertTrue(outcome.answer().isEmpty());
        assertEquals(5, outcome.failures().size());
        assertEquals(Set.copyOf(FIVE), Set.copyOf(client.urlsAsked()));
    }

    @Test
    void shufflesEachTierOnceAndKeepsThatOrder() {
        FakeTrackerClient client = new FakeTrackerClient();
        TrackerTiers tiers = new TrackerTiers(List.of(FIVE), client, new SplittableRandom(11));

        tiers.announce(AnnounceEvent.STARTED, TrackerTiersTest::request);
        List<String> firstRound = client.urlsAsked();
        for (int round = 1; round < 6; round++) {
            tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);
        }

        List<String> asked = client.urlsAsked();
        for (int round = 1; round < 6; round++) {
            assertEquals(firstRound, asked.subList(round * 5, round * 5 + 5), "round " + round);
        }
    }

    @Test
    void differentRandomSeedsGiveDifferentOrders() {
        Set<List<String>> orders = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            FakeTrackerClient client = new FakeTrackerClient();
            new TrackerTiers(List.of(FIVE), client, new SplittableRandom(seed))
                    .announce(AnnounceEvent.STARTED, TrackerTiersTest::request);
            orders.add(client.urlsAsked());
        }

        assertTrue(orders.size() > 1, "every seed tried the trackers in the same order: no shuffle");
    }

    @Test
    void theTrackerThatAnsweredMovesToTheFrontOfItsTier() {
        FakeTrackerClient client = new FakeTrackerClient();
        TrackerTiers tiers = new TrackerTiers(List.of(FIVE), client, new SplittableRandom(5));
        tiers.announce(AnnounceEvent.STARTED, TrackerTiersTest::request);
        List<String> order = client.urlsAsked();
        String last = order.get(4);
        client.answer(last, FakeTrackerClient.peers());

        tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);
        int secondRoundStart = client.urlsAsked().size();
        tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);

        assertEquals(List.of(last), client.urlsAsked().subList(secondRoundStart, client.urlsAsked().size()),
                "the tracker that answered is asked first next time");
    }

    @Test
    void movingToTheFrontKeepsTheOthersInTheirOrder() {
        FakeTrackerClient client = new FakeTrackerClient();
        TrackerTiers tiers = new TrackerTiers(List.of(FIVE), client, new SplittableRandom(5));
        tiers.announce(AnnounceEvent.STARTED, TrackerTiersTest::request);
        List<String> order = client.urlsAsked();
        String third = order.get(2);
        client.answer(third, FakeTrackerClient.peers()).fail(third, "gone now");

        tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);
        int start = client.urlsAsked().size();
        tiers.announce(AnnounceEvent.NONE, TrackerTiersTest::request);

        List<String> expected = List.of(third, order.get(0), order.get(1), order.get(3), order.get(4));
        assertEquals(expected, client.urlsAsked().subList(start, client.urlsAsked().size()));
    }

    @Test
    void skipsEmptyTiersAndKnowsWhenThereAreNone() {
        FakeTrackerClient client = new FakeTrackerClient();

        assertTrue(new TrackerTiers(List.of(), client, new SplittableRandom(1)).isEmpty());
        assertTrue(new TrackerTiers(List.of(List.of()), client, new SplittableRandom(1)).isEmpty());
        TrackerTiers one = new TrackerTiers(List.of(List.of(), List.of("http://a.test/")), client,
                new SplittableRandom(1));
        assertFalse(one.isEmpty());
    }

    private static AnnounceRequest request(String url) {
        return new AnnounceRequest(url, InfoHash.of(new byte[20]), PeerId.of(new byte[20]), 6881, 0, 0, 100,
                AnnounceEvent.STARTED, 50, "");
    }
}
