package dev.gorrent.domain.piece;

/**
 * Piece and block arithmetic for a torrent of {@code totalLength} bytes cut into pieces of
 * {@code pieceLength}: every piece is full-sized but the last, every block is 16 KiB but a piece's last.
 */
public record PieceGeometry(long totalLength, int pieceLength) {
    /** The block size every client requests (BEP 3 practice; larger requests are commonly refused). */
    public static final int BLOCK_SIZE = 16 * 1024;

    public PieceGeometry {
        if (totalLength < 0) {
            throw new IllegalArgumentException("total length " + totalLength + " is negative");
        }
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is not positive");
        }
    }

    public int pieceCount() {
        return (int) ((totalLength + pieceLength - 1) / pieceLength);
    }

    /** Where piece {@code index} starts in the torrent's byte stream. */
    public long pieceOffset(int index) {
        checkPiece(index);
        return (long) index * pieceLength;
    }

    /** The size of piece {@code index}: {@code pieceLength}, or less for the last piece. */
    public int pieceSize(int index) {
        checkPiece(index);
        long remaining = totalLength - (long) index * pieceLength;
        return (int) Math.min(pieceLength, remaining);
    }

    public int blockCount(int piece) {
        return (pieceSize(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** Block {@code block} of piece {@code piece}; the last block of a piece may be short. */
    public BlockRef block(int piece, int block) {
        int size = pieceSize(piece);
        int count = (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
        if (block < 0 || block >= count) {
            throw new IndexOutOfBoundsException("piece " + piece + " has no block " + block + " (it has " + count
                    + ")");
        }
        int offset = block * BLOCK_SIZE;
        return new BlockRef(piece, offset, Math.min(BLOCK_SIZE, size - offset));
    }

    /** True when {@code (piece, offset, length)} names a block exactly as {@link #block} would cut it. */
    public boolean isWholeBlock(int piece, int offset, int length) {
        if (piece < 0 || piece >= pieceCount() || offset < 0 || offset % BLOCK_SIZE != 0) {
            return false;
        }
        int size = pieceSize(piece);
        return offset < size && length == Math.min(BLOCK_SIZE, size - offset);
    }

    /** True when the byte range lies inside piece {@code piece}. */
    public boolean isWithinPiece(int piece, int offset, int length) {
        return piece >= 0 && piece < pieceCount() && offset >= 0 && length >= 0
                && (long) offset + length <= pieceSize(piece);
    }

    private void checkPiece(int index) {
        if (index < 0 || index >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + index + " is not in 0.." + (pieceCount() - 1));
        }
    }
}
