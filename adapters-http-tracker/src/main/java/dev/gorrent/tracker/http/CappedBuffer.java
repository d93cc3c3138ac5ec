package dev.gorrent.tracker.http;

import java.io.IOException;
import java.util.Arrays;

/**
 * Collects a body whose length is not known up front. It grows as bytes arrive, never past the cap, and refuses
 * the body as soon as it would pass it, so a hostile tracker cannot fill the heap.
 */
final class CappedBuffer {
    private static final int INITIAL_BYTES = 8 * 1024;

    private final int cap;
    private byte[] bytes;
    private int size;

    CappedBuffer(int cap) {
        if (cap <= 0) {
            throw new IllegalArgumentException("body cap must be positive");
        }
        this.cap = cap;
        this.bytes = new byte[Math.min(cap, INITIAL_BYTES)];
    }

    /**
     * Reads exactly {@code count} more bytes, as a chunk announces.
     *
     * @throws AnswerTooLong before reading any of them, when they would pass the cap
     */
    void readExactly(ResponseInput in, long count) throws IOException, MalformedAnswer, AnswerTooLong {
        if (count > cap - size) {
            throw new AnswerTooLong();
        }
        int needed = size + (int) count;
        if (needed > bytes.length) {
            grow(needed);
        }
        in.readFully(bytes, size, (int) count);
        size = needed;
    }

    /**
     * Reads until the tracker closes the connection.
     *
     * @throws AnswerTooLong at the first byte past the cap
     */
    void readToEnd(ResponseInput in) throws IOException, AnswerTooLong {
        while (true) {
            if (size == bytes.length) {
                if (size == cap) {
                    // Full: the body is acceptable only if the tracker has nothing more to send.
                    if (in.read() < 0) {
                        return;
                    }
                    throw new AnswerTooLong();
                }
                grow(size + 1);
            }
            int count = in.read(bytes, size, bytes.length - size);
            if (count < 0) {
                return;
            }
            size += count;
        }
    }

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /** Doubles, for amortised copies, but stays within the cap. */
    private void grow(int needed) {
        long doubled = 2L * bytes.length;
        bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(needed, doubled)));
    }
}
