package dev.gorrent.wire;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sits on a socket's output stream and tells how long the current write has gone without progress.
 * Blocking sockets have no write timeout, so another thread uses {@link #stalledNanos} to notice a peer
 * that stopped reading. Writes go down in chunks so that a slow but reading peer still shows progress.
 *
 * <p>Threads: one writer thread writes; any thread may ask {@link #stalledNanos}.
 */
final class ProgressOutputStream extends FilterOutputStream {
    private static final int CHUNK = 16 * 1024;

    /** When the current chunk started; meaningful only while {@link #writing}. */
    private volatile long chunkStartedAt;
    private volatile boolean writing;

    ProgressOutputStream(OutputStream socketOutput) {
        super(socketOutput);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int position = offset;
        int remaining = length;
        // The start time is published before the flag, so a reader that sees the flag sees a fresh time.
        chunkStartedAt = System.nanoTime();
        writing = true;
        try {
            while (remaining > 0) {
                int chunk = Math.min(CHUNK, remaining);
                chunkStartedAt = System.nanoTime();
                out.write(bytes, position, chunk);
                position += chunk;
                remaining -= chunk;
            }
        } finally {
            writing = false;
        }
    }

    /** How long the write under way has been stuck on one chunk; zero when no write is under way. */
    long stalledNanos(long now) {
        if (!writing) {
            return 0;
        }
        return Math.max(0, now - chunkStartedAt);
    }
}
