package dev.gorrent.application.service;

import java.time.Duration;

/**
 * When to announce next: after the tracker's interval, never sooner than its min interval, with a
 * growing back-off after failures, and early (min interval permitting) when we run short of peers.
 * Owned by the session thread.
 */
final class AnnounceSchedule {
    private static final long SECOND = 1_000_000_000L;
    /** When a tracker sets no min interval, early re-announces still wait this long. */
    private static final long DEFAULT_MIN_INTERVAL = 30 * SECOND;
    private static final long FIRST_BACKOFF = 15 * SECOND;
    private static final long MAX_BACKOFF = 30 * 60 * SECOND;

    private long nextAt;
    private long lastAt = Long.MIN_VALUE;
    private long minInterval = DEFAULT_MIN_INTERVAL;
    private int failures;
    private boolean inFlight;
    /** An event the tracker must hear about (completed) goes out at the next chance, interval or not. */
    private boolean soon;

    /** The first announce is due at once. */
    AnnounceSchedule(long nowNanos) {
        this.nextAt = nowNanos;
    }

    boolean isDue(long nowNanos) {
        return !inFlight && (soon || nowNanos >= nextAt);
    }

    /** Announce as soon as no other announce is in flight. */
    void announceSoon() {
        soon = true;
    }

    /** Whether an early announce (we lack peers) is allowed now. */
    boolean mayAnnounceEarly(long nowNanos) {
        return !inFlight && failures == 0 && lastAt != Long.MIN_VALUE && nowNanos - lastAt >= minInterval;
    }

    void started(long nowNanos) {
        inFlight = true;
        soon = false;
        lastAt = nowNanos;
    }

    void answered(Duration interval, Duration trackerMinInterval, long nowNanos) {
        inFlight = false;
        failures = 0;
        long min = trackerMinInterval.isZero() ? DEFAULT_MIN_INTERVAL : trackerMinInterval.toNanos();
        minInterval = min;
        nextAt = nowNanos + Math.max(interval.toNanos(), min);
    }

    void failed(long nowNanos) {
        inFlight = false;
        long backoff = Math.min(MAX_BACKOFF, FIRST_BACKOFF << Math.min(failures, 20));
        failures++;
        nextAt = nowNanos + backoff;
    }
}
