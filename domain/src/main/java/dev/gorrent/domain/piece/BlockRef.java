package dev.gorrent.domain.piece;

/** A block of a piece: the unit peers request and send, usually 16 KiB. */
public record BlockRef(int piece, int offset, int length) {
    public BlockRef {
        if (piece < 0 || offset < 0 || length <= 0) {
            throw new IllegalArgumentException("block " + piece + "/" + offset + "+" + length + " is not valid");
        }
    }

    /** The block's position within its piece, counting in blocks of {@link PieceGeometry#BLOCK_SIZE}. */
    public int blockIndex() {
        return offset / PieceGeometry.BLOCK_SIZE;
    }
}
