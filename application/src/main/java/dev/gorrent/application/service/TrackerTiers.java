package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * BEP 12 tiers: each tier shuffled once, tried in order, trackers within a tier in order, and the
 * tracker that answers moved to the front of its tier. Confined to the announce thread.
 */
final class TrackerTiers {
    private final List<List<String>> tiers = new ArrayList<>();
    private final TrackerClient client;

    TrackerTiers(List<List<String>> configured, TrackerClient client, RandomGenerator random) {
        this.client = client;
        for (List<String> tier : configured) {
            List<String> shuffled = new ArrayList<>(tier);
            Collections.shuffle(shuffled, asRandom(random));
            if (!shuffled.isEmpty()) {
                tiers.add(shuffled);
            }
        }
    }

    boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** Announces until one tracker answers; reports every failure on the way. */
    Outcome announce(AnnounceEvent event, Function<String, AnnounceRequest> requestFor) {
        List<Failure> failures = new ArrayList<>();
        for (List<String> tier : tiers) {
            Optional<Answer> answer = announceToTier(tier, requestFor, failures);
            if (answer.isPresent()) {
                return new Outcome(event, List.of(answer.get()), failures);
            }
        }
        return new Outcome(event, List.of(), failures);
    }

    /**
     * Announces to one tracker of every tier (libtorrent's "announce to all tiers"), for torrents
     * whose tiers are separate swarms rather than backups of one another.
     */
    Outcome announceToAllTiers(AnnounceEvent event, Function<String, AnnounceRequest> requestFor) {
        List<Failure> failures = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (List<String> tier : tiers) {
            announceToTier(tier, requestFor, failures).ifPresent(answers::add);
        }
        return new Outcome(event, answers, failures);
    }

    /** Tries a tier's trackers in order; the one that answers moves to the front (BEP 12). */
    private Optional<Answer> announceToTier(List<String> tier, Function<String, AnnounceRequest> requestFor,
                                            List<Failure> failures) {
        for (int i = 0; i < tier.size(); i++) {
            String url = tier.get(i);
            try {
                AnnounceResponse response = client.announce(requestFor.apply(url));
                tier.add(0, tier.remove(i));
                return Optional.of(new Answer(url, response));
            } catch (TrackerException e) {
                failures.add(new Failure(url, e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static java.util.Random asRandom(RandomGenerator random) {
        return new java.util.Random(random.nextLong());
    }

    /** One tracker's answer. */
    record Answer(String trackerUrl, AnnounceResponse response) {
    }

    /** One tracker's failure. */
    record Failure(String trackerUrl, String message) {
    }

    /** What one round of announcing gave: the answers (one per tier answered) and every failure. */
    record Outcome(AnnounceEvent event, List<Answer> answers, List<Failure> failures) {
        Outcome {
            answers = List.copyOf(answers);
            failures = List.copyOf(failures);
        }

        /** The first tracker that answered. */
        Optional<Answer> answer() {
            return answers.stream().findFirst();
        }
    }
}
