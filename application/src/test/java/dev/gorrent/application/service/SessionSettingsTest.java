package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How many pieces a download keeps in flight (a base for one peer, more for each further one, up to a cap) and how
 * many requests each peer gets.
 */
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

    @Test
    void aPeersPipelineFollowsItsRateWithinTheBounds() {
        assertEquals(16, settings.pipelineDepth(0, 8, MIB, 1), "a peer not measured yet gets the minimum");
        assertEquals(16, settings.pipelineDepth(50_000, 8, MIB, 1));
        assertEquals(183, settings.pipelineDepth(1_000_000, 8, MIB, 1), "three seconds of 1 MB/s");
        assertEquals(500, settings.pipelineDepth(800_000_000, 8, MIB, 1), "never more than the maximum");
    }

    @Test
    void aLonePeerMayFillTheWholeBound() {
        assertEquals(500, settings.pipelineDepth(800_000_000, settings.piecesInFlight(MIB, 1), MIB, 1));
        assertEquals(500, settings.pipelineDepth(800_000_000, settings.piecesInFlight(256 * 1024, 1), 256 * 1024, 1));
    }

    @Test
    void peersSendingAtOnceShareTheBound() {
        int pieces = settings.piecesInFlight(MIB, 4);
        assertEquals(11 * 64 / 4, settings.pipelineDepth(800_000_000, pieces, MIB, 4));
        assertEquals(91, settings.pipelineDepth(500_000, pieces, MIB, 4), "a slower peer needs less than its share");
        assertEquals(32 * 64 / 50, settings.pipelineDepth(800_000_000, settings.piecesInFlight(MIB, 50), MIB, 50),
                "fifty peers share the cap");
        assertEquals(16, settings.pipelineDepth(800_000_000, 32, MIB, 200), "however many, each keeps the minimum");
    }

    @Test
    void piecesSmallerThanABlockCountAsOneBlock() {
        assertEquals(16, settings.pipelineDepth(800_000_000, 2, 4096, 1));
        assertEquals(20, settings.pipelineDepth(800_000_000, 20, 4096, 1));
    }
}
