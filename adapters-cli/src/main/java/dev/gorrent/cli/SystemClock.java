package dev.gorrent.cli;

import dev.gorrent.application.port.out.Clock;

/** The real clock. */
public final class SystemClock implements Clock {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
