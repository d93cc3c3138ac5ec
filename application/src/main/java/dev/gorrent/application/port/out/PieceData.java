package dev.gorrent.application.port.out;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A whole piece's bytes as the blocks they arrived in: every block {@link #blockLength()} long but the last,
 * which may be shorter. Why not one array: gathering received blocks into a piece-sized array was a copy of every
 * downloaded byte on the session thread, and storage copies the bytes once more anyway (into the buffer it writes
 * from). Does not copy the arrays it is given; whoever holds one must not change it while the piece is hashed or
 * stored.
 */
public final class PieceData {
    private final byte[][] blocks;
    private final int blockLength;
    private final int length;

    private PieceData(byte[][] blocks, int blockLength, int length) {
        this.blocks = blocks;
        this.blockLength = blockLength;
        this.length = length;
    }

    /**
     * The piece made of {@code blocks}, in order: all of {@code blockLength} bytes except the last, which holds
     * between one and {@code blockLength} bytes.
     */
    public static PieceData ofBlocks(byte[][] blocks, int blockLength) {
        if (blockLength <= 0) {
            throw new IllegalArgumentException("block length " + blockLength + " is not positive");
        }
        if (blocks.length == 0) {
            throw new IllegalArgumentException("a piece has at least one block");
        }
        long length = 0;
        for (int i = 0; i < blocks.length; i++) {
            byte[] block = blocks[i];
            if (block == null) {
                throw new IllegalArgumentException("block " + i + " of " + blocks.length + " is missing");
            }
            boolean last = i == blocks.length - 1;
            if (last ? block.length < 1 || block.length > blockLength : block.length != blockLength) {
                throw new IllegalArgumentException("block " + i + " of " + blocks.length + " holds " + block.length
                        + " bytes, but blocks are " + blockLength + " bytes" + (last ? " at most" : ""));
            }
            length += block.length;
        }
        return new PieceData(blocks.clone(), blockLength, Math.toIntExact(length));
    }

    /** A piece held in one array (which may be empty only for a piece of no bytes, as tests write). */
    public static PieceData of(byte[] whole) {
        return new PieceData(new byte[][] {whole}, Math.max(1, whole.length), whole.length);
    }

    /** The piece's size in bytes. */
    public int length() {
        return length;
    }

    public int blockCount() {
        return blocks.length;
    }

    /** The array of block {@code index}; the caller only reads it. */
    public byte[] block(int index) {
        return blocks[index];
    }

    /**
     * Copies {@code count} bytes starting at piece offset {@code from} into {@code into} at its position, which
     * advances by {@code count}.
     */
    public void copyTo(int from, int count, ByteBuffer into) {
        Objects.checkFromIndexSize(from, count, length);
        int block = from / blockLength;
        int offset = from % blockLength;
        int left = count;
        while (left > 0) {
            int part = Math.min(left, blocks[block].length - offset);
            into.put(blocks[block], offset, part);
            left -= part;
            block++;
            offset = 0;
        }
    }

    /** The whole piece in one new array; for tests and small pieces, not the download path. */
    public byte[] toArray() {
        ByteBuffer whole = ByteBuffer.allocate(length);
        copyTo(0, length, whole);
        return whole.array();
    }

    @Override
    public String toString() {
        return "PieceData[" + length + " bytes in " + blocks.length + " blocks]";
    }
}
