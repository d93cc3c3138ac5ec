package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How many pieces a download keeps in flight: a base for one peer, more for each further one, up to a cap. */
class SessionSettingsTest {
    private static final int MIB = 1 << 20;
    private final SessionSettings settings = SessionSettings.defaults();

    @Test
    void onePeerOrNoneGetsTheBase() {
        assertEquals(8, settings.piecesInFlight(MIB, 0));
        assertEquals(8, settings.piecesInFlight(MIB, 1));
        assertEquals(32, settings.piecesInFlight(256 * 1024, 1));
    }

    @Test
    void eachFurtherPeerAddsItsShareUpToTheCap() {
        assertEquals(11, settings.piecesInFlight(MIB, 4));
        assertEquals(32, settings.piecesInFlight(MIB, 25));
        assertEquals(32, settings.piecesInFlight(MIB, 50));
    }

    @Test
    void piecesLargerThanTheBoundStillGetTwo() {
        assertEquals(2, settings.piecesInFlight(16 * MIB, 1));
        assertEquals(2, settings.piecesInFlight(16 * MIB, 50));
        assertEquals(4, settings.piecesInFlight(8 * MIB, 50));
    }
}
