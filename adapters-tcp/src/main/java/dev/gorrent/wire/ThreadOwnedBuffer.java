package dev.gorrent.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A socket's input, buffered for the one thread that reads it. Why not {@link java.io.BufferedInputStream}: its
 * every call takes a lock, and a block's frame is read in about fifteen calls (the prefix and the header a byte at
 * a time through {@link java.io.DataInputStream}), 65,000 frames per GiB, on one thread that never shares it.
 *
 * <p>Threads: the connection's reading thread only; {@link #close} may come from any thread, as it closes the
 * socket's stream, which wakes the reader.
 */
final class ThreadOwnedBuffer extends InputStream {
    private final InputStream source;
    private final byte[] buffer;
    private int position;
    private int limit;

    ThreadOwnedBuffer(InputStream source, int size) {
        this.source = source;
        this.buffer = new byte[size];
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !refill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                return source.read(into, offset, length); // as large as the buffer: no point copying twice
            }
            if (!refill()) {
                return -1;
            }
        }
        int moved = Math.min(length, limit - position);
        System.arraycopy(buffer, position, into, offset, moved);
        position += moved;
        return moved;
    }

    @Override
    public long skip(long count) throws IOException {
        if (count <= 0) {
            return 0;
        }
        if (position == limit) {
            return source.skip(count);
        }
        int skipped = (int) Math.min(count, limit - position);
        position += skipped;
        return skipped;
    }

    /** Bytes buffered plus those the socket holds: this many can be read without blocking. */
    @Override
    public int available() throws IOException {
        return (limit - position) + source.available();
    }

    /**
     * The big-endian int at the read position, left unread. At least four bytes must be {@link #available}, so
     * that topping up the buffer never blocks.
     */
    int peekInt() throws IOException {
        if (limit - position < Integer.BYTES) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < Integer.BYTES) {
                int read = source.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new EOFException("the connection closed inside a length prefix");
                }
                limit += read;
            }
        }
        return (buffer[position] & 0xff) << 24 | (buffer[position + 1] & 0xff) << 16
                | (buffer[position + 2] & 0xff) << 8 | (buffer[position + 3] & 0xff);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Reads what the socket has, at least one byte unless it closed; whether anything came. */
    private boolean refill() throws IOException {
        int read = source.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
