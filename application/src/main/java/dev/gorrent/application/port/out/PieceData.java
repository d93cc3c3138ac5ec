package dev.gorrent.application.port.out;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole piece's bytes, held either as the blocks they arrived in (every block as long as the first but the last,
 * which may be shorter) or in one buffer. Why not always one array: gathering received blocks into a piece-sized
 * array was a copy of every downloaded byte on the session thread. A download gathers each verified piece once, on
 * a hashing thread, into page-aligned native memory ({@link #ofBuffer}) that the hash reads and the disk writes
 * without a further copy. Does not copy the arrays or buffer it is given; whoever holds one must not change it while
 * the piece is hashed or stored.
 */
public final class PieceData {
    private static final byte[][] NO_BLOCKS = new byte[0][];

    private final byte[][] blocks;
    private final int blockLength;
    private final int length;
    /** The whole piece from index 0 to its limit, for a piece held in one buffer; null for one held in blocks. */
    private final ByteBuffer whole;

    private PieceData(byte[][] blocks, int blockLength, int length, ByteBuffer whole) {
        this.blocks = blocks;
        this.blockLength = blockLength;
        this.length = length;
        this.whole = whole;
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
        return new PieceData(blocks.clone(), blockLength, Math.toIntExact(length), null);
    }

    /** A piece held in one array (which may be empty only for a piece of no bytes, as tests write). */
    public static PieceData of(byte[] whole) {
        return new PieceData(new byte[][] {whole}, Math.max(1, whole.length), whole.length, null);
    }

    /** The piece held in {@code bytes} from its position to its limit (a view is kept; the buffer is not moved). */
    public static PieceData ofBuffer(ByteBuffer bytes) {
        ByteBuffer view = bytes.slice();
        return new PieceData(NO_BLOCKS, 0, view.remaining(), view);
    }

    /** The piece's size in bytes. */
    public int length() {
        return length;
    }

    /** How many blocks the piece is held in; none when it is held in one buffer ({@link #buffer}). */
    public int blockCount() {
        return blocks.length;
    }

    /** The array of block {@code index}; the caller only reads it. */
    public byte[] block(int index) {
        return blocks[index];
    }

    /**
     * For a piece held in one buffer, a fresh read-only view of it: position 0, limit {@link #length()}. Direct
     * (native) memory can go to a native hash or the disk as it is.
     */
    public Optional<ByteBuffer> buffer() {
        return whole == null ? Optional.empty() : Optional.of(whole.asReadOnlyBuffer());
    }

    /**
     * Copies {@code count} bytes starting at piece offset {@code from} into {@code into} at its position, which
     * advances by {@code count}.
     */
    public void copyTo(int from, int count, ByteBuffer into) {
        Objects.checkFromIndexSize(from, count, length);
        if (whole != null) {
            into.put(whole.slice(from, count));
            return;
        }
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
        ByteBuffer copy = ByteBuffer.allocate(length);
        copyTo(0, length, copy);
        return copy.array();
    }

    @Override
    public String toString() {
        return whole != null ? "PieceData[" + length + " bytes in one buffer]"
                : "PieceData[" + length + " bytes in " + blocks.length + " blocks]";
    }
}
