package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.Clock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Connection ids per tracker address, each used until its lifetime has passed since it was received (BEP 15).
 * Any thread may call any method: the map is concurrent and its entries immutable. Two threads that find no id at
 * the same time both connect and the later id wins, which is harmless: both ids stay valid at the tracker.
 */
final class ConnectionIds {
    private record Entry(long connectionId, long receivedAtNanos) {
    }

    private final ConcurrentMap<InetSocketAddress, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long lifetimeNanos;

    ConnectionIds(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** The tracker's id if it is still young enough to use. */
    OptionalLong usable(InetSocketAddress tracker) {
        Entry entry = entries.get(tracker);
        if (entry == null) {
            return OptionalLong.empty();
        }
        if (expired(entry, clock.nanoTime())) {
            entries.remove(tracker, entry);
            return OptionalLong.empty();
        }
        return OptionalLong.of(entry.connectionId());
    }

    /** Stores an id just received; call right after receipt, since its age counts from now. */
    void remember(InetSocketAddress tracker, long connectionId) {
        long now = clock.nanoTime();
        // Dropping stale entries here bounds the map by the trackers used within one lifetime.
        entries.values().removeIf(entry -> expired(entry, now));
        entries.put(tracker, new Entry(connectionId, now));
    }

    /** Drops the tracker's id, e.g. after an error answer that may mean the tracker no longer knows it. */
    void forget(InetSocketAddress tracker) {
        entries.remove(tracker);
    }

    private boolean expired(Entry entry, long now) {
        return now - entry.receivedAtNanos() >= lifetimeNanos;
    }
}
