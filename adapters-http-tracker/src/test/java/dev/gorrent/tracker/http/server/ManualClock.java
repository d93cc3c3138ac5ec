package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.Clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so; safe to read from the tracker's worker threads. */
final class ManualClock implements Clock {
    // Near the wrap-around point, so expiry arithmetic that compares raw readings would fail.
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
