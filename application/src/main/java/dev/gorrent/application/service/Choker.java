package dev.gorrent.application.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Tit-for-tat choking (BEP 3): a few regular upload slots, re-chosen every round by the rate each
 * interested peer gives us (or, when we only seed, the rate we give it, so the fastest downloaders
 * are served), plus one optimistic slot rotated every few rounds so newcomers get a chance. Snubbed
 * peers earn no regular slot. Pure logic over times passed in; owned by the session thread.
 */
final class Choker {
    private final int regularSlots;
    private final long roundNanos;
    private final long optimisticNanos;
    private final RandomGenerator random;

    private long nextRoundAt = Long.MIN_VALUE;
    private long nextOptimisticAt = Long.MIN_VALUE;
    private int optimistic = -1;

    Choker(int regularSlots, long roundNanos, long optimisticNanos, RandomGenerator random) {
        this.regularSlots = regularSlots;
        this.roundNanos = roundNanos;
        this.optimisticNanos = optimisticNanos;
        this.random = random;
    }

    /** One peer as the choker sees it. */
    record Candidate(int peer, boolean interested, long rateToUs, long rateFromUs, boolean snubbed) {
    }

    boolean isRoundDue(long nowNanos) {
        return nowNanos >= nextRoundAt;
    }

    /** Whether an interested, choked peer could be unchoked at once without waiting for the round. */
    boolean hasFreeSlot(int unchokedCount) {
        return unchokedCount < regularSlots + 1;
    }

    /** The peers to have unchoked after this round; every other peer is to be choked. */
    Set<Integer> round(List<Candidate> candidates, boolean seeding, long nowNanos) {
        nextRoundAt = nowNanos + roundNanos;
        Comparator<Candidate> byRate = seeding
                ? Comparator.comparingLong(Candidate::rateFromUs)
                : Comparator.comparingLong(Candidate::rateToUs);
        List<Candidate> ranked = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.interested() && (seeding || !candidate.snubbed())) {
                ranked.add(candidate);
            }
        }
        ranked.sort(byRate.reversed().thenComparingInt(Candidate::peer));
        Set<Integer> unchoked = new HashSet<>();
        for (Candidate candidate : ranked) {
            if (unchoked.size() == regularSlots) {
                break;
            }
            unchoked.add(candidate.peer());
        }
        chooseOptimistic(candidates, unchoked, nowNanos);
        if (optimistic >= 0) {
            unchoked.add(optimistic);
        }
        return unchoked;
    }

    private void chooseOptimistic(List<Candidate> candidates, Set<Integer> regular, long nowNanos) {
        boolean stillThere = candidates.stream().anyMatch(c -> c.peer() == optimistic && c.interested());
        if (stillThere && !regular.contains(optimistic) && nowNanos < nextOptimisticAt) {
            return;
        }
        List<Integer> choked = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.interested() && !regular.contains(candidate.peer())) {
                choked.add(candidate.peer());
            }
        }
        optimistic = choked.isEmpty() ? -1 : choked.get(random.nextInt(choked.size()));
        nextOptimisticAt = nowNanos + optimisticNanos;
    }
}
