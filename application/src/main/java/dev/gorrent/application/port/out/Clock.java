package dev.gorrent.application.port.out;

/** Time, as a port so that schedules (announce intervals, rates, timeouts) can be tested. */
public interface Clock {

    /** Monotonic nanoseconds, for measuring durations only. */
    long nanoTime();
}
