package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session's side of its trackers: when to announce and with which event, the figures each announce reports,
 * and what the answers bring (peers, a tracker id, the next interval, problems to show).
 *
 * <p>Threads: the session thread calls every method. Each announce runs on the one-thread {@code announcePool},
 * which alone touches the {@link TrackerTiers}, and its outcome comes back through the session's queue as a
 * {@link SessionEvent.Announced}, except the last one ({@link #announceAtEnd}), which the session thread waits for.
 */
final class Announcer {
    private static final int NUM_WANT = 50;

    private final TrackerTiers trackers;
    private final AnnounceSchedule schedule;
    private final ExecutorService announcePool;
    private final SessionQueue queue;
    private final DownloadEvents events;
    private final InfoHash infoHash;
    private final PeerId ourId;
    private final boolean toAllTiers;

    private String trackerId = "";
    private boolean announcedStarted;
    /** The event the next announce carries: started first, and again after an announce that reached no tracker. */
    private AnnounceEvent pendingEvent = AnnounceEvent.STARTED;

    Announcer(TrackerTiers trackers, long nowNanos, ExecutorService announcePool, SessionQueue queue,
              DownloadEvents events, InfoHash infoHash, PeerId ourId, boolean toAllTiers) {
        this.trackers = trackers;
        this.schedule = new AnnounceSchedule(nowNanos);
        this.announcePool = announcePool;
        this.queue = queue;
        this.events = events;
        this.infoHash = infoHash;
        this.ourId = ourId;
        this.toAllTiers = toAllTiers;
    }

    boolean hasTrackers() {
        return !trackers.isEmpty();
    }

    /** Whether to announce now: the schedule says so, or the session is out of peers and may ask early. */
    boolean isDue(long nowNanos, boolean starving) {
        return hasTrackers() && (schedule.isDue(nowNanos) || (starving && schedule.mayAnnounceEarly(nowNanos)));
    }

    /** Starts an announce with the pending event and these figures; its outcome comes back through the queue. */
    void start(long nowNanos, Totals totals) {
        AnnounceEvent event = pendingEvent;
        pendingEvent = AnnounceEvent.NONE;
        announcedStarted = true;
        schedule.started(nowNanos);
        RequestFactory requests = requestsFor(event, totals);
        announcePool.execute(() -> queue.offerQuietly(new SessionEvent.Announced(announce(event, requests))));
    }

    /**
     * Takes in an announce's outcome: shows its failures and warnings, sets when to announce next, and returns the
     * peers the trackers gave.
     */
    List<PeerAddress> onAnnounced(TrackerTiers.Outcome outcome, long nowNanos) {
        publishFailures(outcome);
        if (outcome.answer().isEmpty()) {
            schedule.failed(nowNanos);
            if (outcome.event() != AnnounceEvent.NONE && pendingEvent == AnnounceEvent.NONE) {
                pendingEvent = outcome.event(); // started and completed must reach a tracker: retry with them
            }
            return List.of();
        }
        TrackerTiers.Answer first = outcome.answer().get();
        schedule.answered(first.response().interval(), first.response().minInterval(), nowNanos);
        if (!first.response().trackerId().isEmpty()) {
            trackerId = first.response().trackerId();
        }
        List<PeerAddress> peers = new ArrayList<>();
        for (TrackerTiers.Answer answer : outcome.answers()) {
            answer.response().warning()
                    .ifPresent(w -> events.publish(new DownloadEvent.TrackerProblem(answer.trackerUrl(), w)));
            peers.addAll(answer.response().peers());
            events.publish(new DownloadEvent.TrackerAnnounced(answer.trackerUrl(), answer.response().peers().size()));
        }
        return peers;
    }

    /** The download completed and the session seeds on: the trackers hear of it at the next chance. */
    void completedWhileSeeding() {
        pendingEvent = AnnounceEvent.COMPLETED;
        schedule.announceSoon();
    }

    /**
     * Announces {@code event} (completed, or stopped on the way out) and waits for it at most {@code timeout}:
     * a tracker that does not answer must not hold up the exit. Nothing is sent if no announce ever was.
     */
    void announceAtEnd(AnnounceEvent event, Totals totals, Duration timeout) throws InterruptedException {
        if (!hasTrackers() || !announcedStarted) {
            return;
        }
        RequestFactory requests = requestsFor(event, totals);
        Future<TrackerTiers.Outcome> pending = announcePool.submit(() -> announce(event, requests));
        try {
            publishFailures(pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
        } catch (ExecutionException e) {
            events.publish(new DownloadEvent.TrackerProblem("", String.valueOf(e.getCause())));
        }
    }

    private void publishFailures(TrackerTiers.Outcome outcome) {
        for (TrackerTiers.Failure failure : outcome.failures()) {
            events.publish(new DownloadEvent.TrackerProblem(failure.trackerUrl(), failure.message()));
        }
    }

    /** Runs on the announce thread. */
    private TrackerTiers.Outcome announce(AnnounceEvent event, RequestFactory requests) {
        return toAllTiers
                ? trackers.announceToAllTiers(event, requests::forTracker)
                : trackers.announce(event, requests::forTracker);
    }

    /** Freezes one announce's figures on the session thread, for the announce thread to use. */
    private RequestFactory requestsFor(AnnounceEvent event, Totals totals) {
        String id = trackerId;
        int numWant = event == AnnounceEvent.STOPPED ? 0 : NUM_WANT;
        return url -> new AnnounceRequest(url, infoHash, ourId, totals.port(), totals.uploaded(), totals.downloaded(),
                totals.left(), event, numWant, id);
    }

    /** What an announce reports: payload bytes up and down, bytes still missing, and the port we accept peers on. */
    record Totals(long uploaded, long downloaded, long left, int port) {
    }

    /** An announce's request for one tracker of the tiers. */
    private interface RequestFactory {
        AnnounceRequest forTracker(String url);
    }
}
