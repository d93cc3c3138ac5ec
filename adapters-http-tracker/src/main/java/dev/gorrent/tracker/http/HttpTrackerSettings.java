package dev.gorrent.tracker.http;

import java.time.Duration;

/**
 * Limits for talking to HTTP trackers.
 *
 * @param timeout      for connecting and for the whole answer
 * @param maxBodyBytes answers longer than this are refused, so a hostile tracker cannot fill the heap
 * @param userAgent    sent with every request
 */
public record HttpTrackerSettings(Duration timeout, int maxBodyBytes, String userAgent) {
    public HttpTrackerSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tracker timeout must be positive");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("tracker body cap must be positive");
        }
    }

    public static HttpTrackerSettings defaults() {
        return new HttpTrackerSettings(Duration.ofSeconds(15), 2 * 1024 * 1024, "Gorrent/0.1");
    }

    public HttpTrackerSettings withTimeout(Duration newTimeout) {
        return new HttpTrackerSettings(newTimeout, maxBodyBytes, userAgent);
    }

    public HttpTrackerSettings withMaxBodyBytes(int newMax) {
        return new HttpTrackerSettings(timeout, newMax, userAgent);
    }
}
