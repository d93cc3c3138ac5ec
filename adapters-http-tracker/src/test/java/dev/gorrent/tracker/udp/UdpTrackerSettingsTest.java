package dev.gorrent.tracker.udp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UdpTrackerSettingsTest {

    @Test
    void defaultsFollowBep15TimingsWithThreeTries() {
        UdpTrackerSettings defaults = UdpTrackerSettings.defaults();

        assertEquals(Duration.ofSeconds(15), defaults.timeoutOfTry(0));
        assertEquals(Duration.ofSeconds(30), defaults.timeoutOfTry(1));
        assertEquals(Duration.ofSeconds(60), defaults.timeoutOfTry(2));
        assertEquals(3, defaults.tries());
        assertEquals(Duration.ofMinutes(1), defaults.connectionIdLifetime());
    }

    @Test
    void theSpecsLastTryWaits3840Seconds() {
        UdpTrackerSettings spec = new UdpTrackerSettings(Duration.ofSeconds(15), 8, Duration.ofMinutes(1), 2048);

        assertEquals(Duration.ofSeconds(3840), spec.timeoutOfTry(8));
        assertThrows(IllegalArgumentException.class, () -> spec.timeoutOfTry(9));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        Duration minute = Duration.ofMinutes(1);
        assertThrows(IllegalArgumentException.class, () -> new UdpTrackerSettings(Duration.ZERO, 2, minute, 2048));
        assertThrows(IllegalArgumentException.class, () -> new UdpTrackerSettings(minute, -1, minute, 2048));
        assertThrows(IllegalArgumentException.class, () -> new UdpTrackerSettings(minute, 9, minute, 2048));
        assertThrows(IllegalArgumentException.class,
                () -> new UdpTrackerSettings(minute, 2, Duration.ofSeconds(-1), 2048));
        assertThrows(IllegalArgumentException.class, () -> new UdpTrackerSettings(minute, 2, minute, 19));
        assertThrows(IllegalArgumentException.class, () -> new UdpTrackerSettings(minute, 2, minute, 65_508));
    }
}
