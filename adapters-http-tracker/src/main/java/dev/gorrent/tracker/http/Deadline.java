package dev.gorrent.tracker.http;

import java.time.Duration;

/** The moment by which one whole tracker request (redirects included) must be over, on the monotonic clock. */
final class Deadline {
    /** Longer timeouts are cut to this, so the end stays within the range where nanoTime differences are exact. */
    private static final Duration LONGEST = Duration.ofDays(365L * 100);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    static Deadline after(Duration timeout) {
        Duration bounded = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
        return new Deadline(System.nanoTime() + bounded.toNanos());
    }

    /** Time left, zero once passed. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /**
     * Whole milliseconds left for a socket wait, zero once passed. Rounded up, so a wait never ends before the
     * deadline; capped at {@code Integer.MAX_VALUE}, what socket timeouts take.
     */
    int remainingMillis() {
        long nanos = endNanos - System.nanoTime();
        if (nanos <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }
}
