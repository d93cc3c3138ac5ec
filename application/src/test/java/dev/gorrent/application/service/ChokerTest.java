package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChokerTest {
    private static final long SECOND = 1_000_000_000L;

    private final Choker choker = new Choker(4, 10 * SECOND, 30 * SECOND, new SplittableRandom(42));

    @Test
    void downloadingUnchokesTheFourPeersThatGiveUsMostPlusOneOptimistic() {
        List<Choker.Candidate> peers = new ArrayList<>();
        for (int peer = 0; peer < 8; peer++) {
            peers.add(new Choker.Candidate(peer, true, peer * 1000L, 0, false));
        }
        Set<Integer> unchoked = choker.round(peers, false, 0);

        assertTrue(unchoked.containsAll(Set.of(7, 6, 5, 4)), "fastest uploaders to us keep their slots: " + unchoked);
        assertEquals(5, unchoked.size(), "four regular slots and one optimistic: " + unchoked);
    }

    @Test
    void seedingRanksPeersByWhatWeGiveThem() {
        List<Choker.Candidate> peers = List.of(
                new Choker.Candidate(1, true, 9_000, 10, false),
                new Choker.Candidate(2, true, 0, 500, false),
                new Choker.Candidate(3, true, 0, 400, false),
                new Choker.Candidate(4, true, 0, 300, false),
                new Choker.Candidate(5, true, 0, 200, false),
                new Choker.Candidate(6, true, 0, 100, false));
        Set<Integer> unchoked = choker.round(peers, true, 0);

        assertTrue(unchoked.containsAll(Set.of(2, 3, 4, 5)), "best downloaders from us: " + unchoked);
    }

    @Test
    void uninterestedPeersAreNeverUnchoked() {
        List<Choker.Candidate> peers = List.of(
                new Choker.Candidate(1, false, 9_000, 0, false),
                new Choker.Candidate(2, true, 1, 0, false));
        Set<Integer> unchoked = choker.round(peers, false, 0);

        assertEquals(Set.of(2), unchoked);
    }

    @Test
    void snubbedPeersEarnNoRegularSlotWhileDownloading() {
        List<Choker.Candidate> peers = new ArrayList<>();
        peers.add(new Choker.Candidate(99, true, 1_000_000, 0, true));
        for (int peer = 0; peer < 4; peer++) {
            peers.add(new Choker.Candidate(peer, true, 10 + peer, 0, false));
        }
        Choker noOptimisticLuck = new Choker(4, 10 * SECOND, 30 * SECOND, new SplittableRandom(1));
        Set<Integer> unchoked = noOptimisticLuck.round(peers, false, 0);

        assertTrue(unchoked.containsAll(Set.of(0, 1, 2, 3)), "regular slots go to the peers that are not snubbed");
        // The snubbed peer can only hold the optimistic slot, which is the only one left for it.
        assertEquals(5, unchoked.size());
    }

    @Test
    void roundsAreDueEveryTenSeconds() {
        assertTrue(choker.isRoundDue(0));
        choker.round(List.of(), false, 0);
        assertFalse(choker.isRoundDue(9 * SECOND));
        assertTrue(choker.isRoundDue(10 * SECOND));
    }

    @Test
    void theOptimisticSlotStaysForThirtySecondsThenRotates() {
        List<Choker.Candidate> peers = new ArrayList<>();
        for (int peer = 0; peer < 10; peer++) {
            peers.add(new Choker.Candidate(peer, true, peer >= 6 ? 1000 + peer : 0, 0, false));
        }
        Set<Integer> regular = Set.of(6, 7, 8, 9);
        int first = optimisticOf(choker.round(peers, false, 0), regular);
        assertEquals(first, optimisticOf(choker.round(peers, false, 10 * SECOND), regular));
        assertEquals(first, optimisticOf(choker.round(peers, false, 20 * SECOND), regular));

        Set<Integer> seen = new HashSet<>();
        for (long t = 30; t <= 30 * 40; t += 30) {
            seen.add(optimisticOf(choker.round(peers, false, t * SECOND), regular));
        }
        assertTrue(seen.size() > 1, "the optimistic slot rotates among choked peers: " + seen);
    }

    @Test
    void aFreeSlotIsOfferedWhileFewerThanFivePeersAreUnchoked() {
        assertTrue(choker.hasFreeSlot(4));
        assertFalse(choker.hasFreeSlot(5));
    }

    private static int optimisticOf(Set<Integer> unchoked, Set<Integer> regular) {
        assertTrue(unchoked.containsAll(regular), "regular slots kept: " + unchoked);
        Set<Integer> extra = new HashSet<>(unchoked);
        extra.removeAll(regular);
        assertEquals(1, extra.size(), "one optimistic unchoke: " + unchoked);
        return extra.iterator().next();
    }
}
