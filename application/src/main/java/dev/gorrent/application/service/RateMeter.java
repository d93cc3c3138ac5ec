package dev.gorrent.application.service;

import java.util.Arrays;

/**
 * Bytes per second over a sliding window of one-second buckets. Not thread-safe: the session thread
 * owns every meter.
 */
final class RateMeter {
    private static final long SECOND = 1_000_000_000L;

    private final long[] buckets;
    private long currentSecond = Long.MIN_VALUE;
    private long total;

    RateMeter(int windowSeconds) {
        this.buckets = new long[windowSeconds];
    }

    void add(long bytes, long nowNanos) {
        advance(nowNanos);
        buckets[slot(currentSecond)] += bytes;
        total += bytes;
    }

    /** Average over the window's completed seconds plus the current one. */
    long bytesPerSecond(long nowNanos) {
        advance(nowNanos);
        long sum = 0;
        for (long bucket : buckets) {
            sum += bucket;
        }
        return sum / buckets.length;
    }

    long total() {
        return total;
    }

    private void advance(long nowNanos) {
        long second = Math.floorDiv(nowNanos, SECOND);
        if (currentSecond == Long.MIN_VALUE || second - currentSecond >= buckets.length) {
            Arrays.fill(buckets, 0);
            currentSecond = second;
            return;
        }
        while (currentSecond < second) {
            currentSecond++;
            buckets[slot(currentSecond)] = 0;
        }
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) buckets.length);
    }
}
