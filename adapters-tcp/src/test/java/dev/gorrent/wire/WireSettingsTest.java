package dev.gorrent.wire;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSettingsTest {

    @Test
    void defaultsOutlastTheTwoMinuteKeepAlive() {
        WireSettings defaults = WireSettings.defaults();

        assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(150), defaults.readTimeout());
        assertEquals(1 << 20, defaults.maxFrameLength());
    }

    @Test
    void defaultsBoundWhatAPeerCanHoldUp() {
        WireSettings defaults = WireSettings.defaults();

        assertEquals(Duration.ofSeconds(30), defaults.writeTimeout());
        assertEquals(4 << 20, defaults.maxQueuedBytes());
        assertEquals(16, defaults.maxConcurrentHandshakes());
        assertTrue(defaults.bindAddress().isAnyLocalAddress(), "every interface: " + defaults.bindAddress());
    }

    @Test
    void defaultsLeaveSocketBuffersToTheKernel() {
        WireSettings defaults = WireSettings.defaults();

        assertFalse(defaults.fixesSocketBuffers());
        assertTrue(defaults.withSocketBufferSize(64 * 1024).fixesSocketBuffers());
    }

    @Test
    void limitsThatWouldStopAllTrafficAreRefused() {
        WireSettings defaults = WireSettings.defaults();

        assertThrows(IllegalArgumentException.class, () -> defaults.withWriteTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxQueuedBytes(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxConcurrentHandshakes(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withSocketBufferSize(-1));
    }

    @Test
    void timeoutsASocketCannotTakeAreRefused() {
        WireSettings defaults = WireSettings.defaults();

        assertThrows(IllegalArgumentException.class, () -> defaults.withReadTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> defaults.withConnectTimeout(Duration.ofNanos(10)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withHandshakeTimeout(Duration.ofDays(30)));
    }

    @Test
    void aFrameLimitTooSmallForARequestIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WireSettings(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 12, 1024, 1024, 1, WireSettings.allInterfaces()));
    }
}
