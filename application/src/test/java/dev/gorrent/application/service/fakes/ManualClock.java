package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.Clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, so back-offs, snub timeouts and announce intervals
 * fire only when a test says so. Safe to read from any thread.
 */
public final class ManualClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
