package dev.gorrent.tracker.udp;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionIdsTest {
    private static final InetSocketAddress TRACKER_A = new InetSocketAddress("127.0.0.1", 6969);
    private static final InetSocketAddress TRACKER_B = new InetSocketAddress("127.0.0.1", 6970);

    private final ManualClock clock = new ManualClock();
    private final ConnectionIds ids = new ConnectionIds(clock, Duration.ofMinutes(1));

    @Test
    void anIdIsUsableUntilOneMinuteAfterItsReceipt() {
        ids.remember(TRACKER_A, 42);
        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertEquals(OptionalLong.of(42), ids.usable(TRACKER_A));

        clock.advance(Duration.ofNanos(1));
        assertEquals(OptionalLong.empty(), ids.usable(TRACKER_A));
    }

    @Test
    void idsAreKeptPerTrackerAddress() {
        ids.remember(TRACKER_A, 1);
        ids.remember(TRACKER_B, 2);

        assertEquals(OptionalLong.of(1), ids.usable(TRACKER_A));
        assertEquals(OptionalLong.of(2), ids.usable(TRACKER_B));

        ids.forget(TRACKER_A);
        assertEquals(OptionalLong.empty(), ids.usable(TRACKER_A));
        assertEquals(OptionalLong.of(2), ids.usable(TRACKER_B));
    }

    @Test
    void aNewIdReplacesTheOldAndStartsItsOwnMinute() {
        ids.remember(TRACKER_A, 1);
        clock.advance(Duration.ofSeconds(50));
        ids.remember(TRACKER_A, 2);
        clock.advance(Duration.ofSeconds(50));

        assertEquals(OptionalLong.of(2), ids.usable(TRACKER_A));
    }
}
