package dev.gorrent.tracker.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings refuse what could not be sent: a user agent that would break out of its header field. */
class HttpTrackerSettingsTest {
    @ParameterizedTest
    @ValueSource(strings = {"Gorrent/0.1\r\nX-Forged: 1", "Gorrent\n", "Gorrent\u0000", "Gorrent \u20ac"})
    void userAgentThatIsNotOneLineOfLatin1IsRefused(String userAgent) {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpTrackerSettings(Duration.ofSeconds(1), 1000, userAgent));
    }

    @Test
    void userAgentWithSpacesTabsAndLatin1IsAccepted() {
        assertDoesNotThrow(() -> new HttpTrackerSettings(Duration.ofSeconds(1), 1000, "Gorrent/0.1 (t\u00e9st)\tx"));
    }
}
