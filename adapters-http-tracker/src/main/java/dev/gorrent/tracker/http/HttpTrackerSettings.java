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
        if (!isFieldValue(userAgent)) {
            throw new IllegalArgumentException("tracker user agent must be one line of Latin-1 text, not '"
                    + userAgent + "'");
        }
    }

    /** What an HTTP field value may hold; a line break in it would end the field and let it forge others. */
    private static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < ' ' && c != '\t') || c == 127 || c > 255) {
                return false;
            }
        }
        return true;
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
