package dev.gorrent.domain.piece;

/** A block of a piece: the unit peers request and send, usually 16 KiB. */
public record BlockRef(int piece, int offset, int length) {
    public BlockRef {
        if (piece < 0 || offset < 0 || length <= 0) {
            throw new IllegalArgumentException("block " + piece + "/" + offset + "+" + length + " is not valid");
        }
    }

    // equals and hashCode by hand: a record's generated ones go through method handles, which only C2 compiles
    // away, and the launcher keeps session code on C1 (bin/gorrent); these are called for every block.
    @Override
    public boolean equals(Object other) {
        return other instanceof BlockRef block && piece == block.piece && offset == block.offset
                && length == block.length;
    }

    @Override
    public int hashCode() {
        return (piece * 31 + offset) * 31 + length;
    }

    /** The block's position within its piece, counting in blocks of {@link PieceGeometry#BLOCK_SIZE}. */
    public int blockIndex() {
        return offset / PieceGeometry.BLOCK_SIZE;
    }
}
