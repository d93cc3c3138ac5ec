package dev.gorrent.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A connection's input, buffered for the one thread that reads it. The buffer is direct, so the channel reads
 * straight into it and every byte is copied once, from here into the array that keeps it. Why not
 * {@link java.io.BufferedInputStream}: its every call takes a lock, and a block's frame is read in about fifteen
 * calls (the prefix and the header a byte at a time through {@link java.io.DataInputStream}), 65,000 frames per
 * GiB, on one thread that never shares it.
 *
 * <p>Threads: the connection's reading thread only (the handshaking thread before it hands over). Nothing here
 * closes anything; the channel's owner closes it, which ends a wait in {@link Source#read}.
 */
final class ThreadOwnedBuffer extends InputStream {
    /** A PIECE frame of a usual 16 KiB block: prefix, id, piece index, offset, block. */
    private static final int BLOCK_FRAME = 4 + 1 + 4 + 4 + BlockPool.BLOCK_LENGTH;
    private static final int SMALLEST = 2 * Integer.BYTES;

    /** Where the bytes come from: a peer's channel, or memory in tests. */
    interface Source {
        /** Reads into {@code into}, waiting (bounded) for at least one byte; -1 at the end of the stream. */
        int read(ByteBuffer into) throws IOException;

        /** Reads what has arrived into {@code into} without waiting: 0 when nothing has, -1 at the end. */
        int readNow(ByteBuffer into) throws IOException;
    }

    private final Source source;
    /** Unread bytes lie between position and limit; new ones are read in after the limit. */
    private final ByteBuffer buffer;
    /**
     * Room after the limit below which the unread bytes move to the front before reading more. Moving them for
     * every top-up would copy a partial frame again and again; below this, the rest of a block might not fit.
     */
    private final int compactBelow;

    /** @param size at least 8 bytes; 64 KiB takes a few blocks per system call */
    ThreadOwnedBuffer(Source source, int size) {
        if (size < SMALLEST) {
            throw new IllegalArgumentException("buffer of " + size + " bytes is below " + SMALLEST);
        }
        this.source = source;
        this.buffer = ByteBuffer.allocateDirect(size).limit(0);
        this.compactBelow = Math.min(BLOCK_FRAME, size / 2);
    }

    @Override
    public int read() throws IOException {
        if (!buffer.hasRemaining() && !refill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && !refill()) {
            return -1;
        }
        int moved = Math.min(length, buffer.remaining());
        buffer.get(into, offset, moved);
        return moved;
    }

    @Override
    public long skip(long count) throws IOException {
        if (count <= 0 || (!buffer.hasRemaining() && !refill())) {
            return 0;
        }
        int skipped = (int) Math.min(count, buffer.remaining());
        buffer.position(buffer.position() + skipped);
        return skipped;
    }

    /** The bytes buffered, which can be read without touching the source; never asks the source. */
    @Override
    public int available() {
        return buffer.remaining();
    }

    /**
     * Adds what the source has without waiting for more (one system call for a channel), if there is room;
     * whether anything came.
     */
    boolean topUp() throws IOException {
        return fill(false) > 0;
    }

    /**
     * The big-endian int at the read position, left unread. Waits for the source when fewer than four bytes
     * are buffered.
     *
     * @throws EOFException when the stream ends first
     */
    int peekInt() throws IOException {
        while (buffer.remaining() < Integer.BYTES) {
            if (fill(true) < 0) {
                throw new EOFException("the connection closed inside a length prefix");
            }
        }
        return buffer.getInt(buffer.position());
    }

    /** Waits for at least one byte into the empty buffer; false when the stream ended instead. */
    private boolean refill() throws IOException {
        while (!buffer.hasRemaining()) {
            if (fill(true) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads after the unread bytes, moving them to the front first only when little room is left behind them. */
    private int fill(boolean wait) throws IOException {
        int start;
        if (!buffer.hasRemaining()) {
            buffer.clear();
            start = 0;
        } else if (buffer.capacity() - buffer.limit() < compactBelow) {
            buffer.compact();
            start = 0;
        } else {
            start = buffer.position();
            buffer.position(buffer.limit()).limit(buffer.capacity());
        }
        try {
            if (!buffer.hasRemaining()) {
                return 0; // full of one frame that does not fit; it is read out before anything more comes in
            }
            return wait ? source.read(buffer) : source.readNow(buffer);
        } finally {
            buffer.limit(buffer.position()).position(start);
        }
    }
}
