package dev.gorrent.domain.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PieceGeometryTest {
    private static final int BLOCK = PieceGeometry.BLOCK_SIZE;
    /** Three full pieces of four blocks, then a last piece of one full block and 100 bytes. */
    private final PieceGeometry geometry = new PieceGeometry(3L * 4 * BLOCK + BLOCK + 100, 4 * BLOCK);

    @Test
    void lastPieceIsShort() {
        assertEquals(4, geometry.pieceCount());
        assertEquals(4 * BLOCK, geometry.pieceSize(2));
        assertEquals(BLOCK + 100, geometry.pieceSize(3));
        assertEquals(3L * 4 * BLOCK, geometry.pieceOffset(3));
    }

    @Test
    void exactMultipleHasNoShortPiece() {
        PieceGeometry even = new PieceGeometry(8L * BLOCK, 2 * BLOCK);
        assertEquals(4, even.pieceCount());
        assertEquals(2 * BLOCK, even.pieceSize(3));
        assertEquals(2, even.blockCount(3));
    }

    @Test
    void lastBlockOfLastPieceIsShort() {
        assertEquals(4, geometry.blockCount(0));
        assertEquals(2, geometry.blockCount(3));
        assertEquals(new BlockRef(3, BLOCK, 100), geometry.block(3, 1));
        assertEquals(new BlockRef(0, 3 * BLOCK, BLOCK), geometry.block(0, 3));
        assertEquals(1, geometry.block(3, 1).blockIndex());
        assertThrows(IndexOutOfBoundsException.class, () -> geometry.block(3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> geometry.block(4, 0));
    }

    @Test
    void pieceSmallerThanABlockIsOneShortBlock() {
        PieceGeometry tiny = new PieceGeometry(1000, 600);
        assertEquals(2, tiny.pieceCount());
        assertEquals(new BlockRef(1, 0, 400), tiny.block(1, 0));
        assertEquals(1, tiny.blockCount(0));
    }

    @Test
    void isWholeBlockAcceptsOnlyTheCutBlocks() {
        assertTrue(geometry.isWholeBlock(0, 0, BLOCK));
        assertTrue(geometry.isWholeBlock(3, BLOCK, 100));
        assertFalse(geometry.isWholeBlock(3, BLOCK, BLOCK), "the last block is 100 bytes");
        assertFalse(geometry.isWholeBlock(0, 0, BLOCK - 1), "short block in a full piece");
        assertFalse(geometry.isWholeBlock(0, 100, BLOCK), "misaligned offset");
        assertFalse(geometry.isWholeBlock(0, 4 * BLOCK, BLOCK), "offset past the piece");
        assertFalse(geometry.isWholeBlock(3, 2 * BLOCK, 100), "offset past the last piece");
        assertFalse(geometry.isWholeBlock(4, 0, BLOCK), "no such piece");
        assertFalse(geometry.isWholeBlock(-1, 0, BLOCK), "negative piece");
    }

    @Test
    void isWithinPieceChecksTheRange() {
        assertTrue(geometry.isWithinPiece(3, 0, BLOCK + 100));
        assertFalse(geometry.isWithinPiece(3, 1, BLOCK + 100));
        assertFalse(geometry.isWithinPiece(4, 0, 1));
    }

    @Test
    void emptyTorrentHasNoPieces() {
        assertEquals(0, new PieceGeometry(0, BLOCK).pieceCount());
    }

    @Test
    void invalidLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PieceGeometry(-1, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> new PieceGeometry(10, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> geometry.pieceSize(4));
    }
}
