package dev.gorrent.wire;

import java.time.Duration;

/** Turns timeouts into socket milliseconds and into words for error messages. */
final class Durations {
    private Durations() {
    }

    /** WireSettings guarantees the value fits. */
    static int millis(Duration duration) {
        return (int) duration.toMillis();
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
