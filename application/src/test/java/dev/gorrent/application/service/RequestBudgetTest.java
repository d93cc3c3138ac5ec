package dev.gorrent.application.service;

import dev.gorrent.domain.piece.PieceGeometry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBudgetTest {
    private static final int MIB = 1 << 20;
    private static final int BLOCKS_PER_PIECE = MIB / PieceGeometry.BLOCK_SIZE;

    private final SessionSettings settings = SessionSettings.defaults();
    private final RequestBudget budget = new RequestBudget(settings, MIB);

    @Test
    void aSnubbedPeerKeepsOneRequestWhateverItsRate() {
        assertEquals(1, budget.pipelineDepth(100_000_000, true));
    }

    @Test
    void aPeerKeepsSecondsOfItsRateInFlightWithinItsShareOfThePiecesInFlight() {
        assertEquals(settings.minPipeline(), budget.pipelineDepth(0, false), "a new peer starts small");
        int alone = budget.pipelineDepth(1_000_000_000, false);
        assertEquals(Math.min(settings.maxPipeline(), settings.piecesInFlight(MIB, 1) * BLOCKS_PER_PIECE), alone,
                "a fast peer alone may take the whole bound, up to the longest pipeline");

        budget.downloadingFrom(4);

        int shared = budget.pipelineDepth(1_000_000_000, false);
        assertEquals(settings.piecesInFlight(MIB, 4) * BLOCKS_PER_PIECE / 4, shared, "four peers share the bound");
        assertTrue(shared < alone);
    }

    @Test
    void newPiecesStartWhileThereIsRoomAndOnlyThen() {
        int bound = settings.piecesInFlight(MIB, 1);

        assertEquals(bound, budget.newPiecesAllowed(0, 0));
        assertEquals(2, budget.newPiecesAllowed(bound - 3, 1));
        assertEquals(-1, budget.newPiecesAllowed(bound - 1, 1), "full, and a piece being checked frees room soon");
        assertEquals(0, budget.newPiecesAllowed(bound, 0), "full, nothing being checked: an idle peer may start one");
    }

    @Test
    void moreSendersMakeRoomForMorePieces() {
        int alone = budget.newPiecesAllowed(0, 0);

        budget.downloadingFrom(4);

        assertEquals(settings.piecesInFlight(MIB, 4), budget.newPiecesAllowed(0, 0));
        assertTrue(budget.newPiecesAllowed(0, 0) > alone);
        budget.downloadingFrom(0);
        assertEquals(alone, budget.newPiecesAllowed(0, 0), "no sender counts as one");
    }
}
