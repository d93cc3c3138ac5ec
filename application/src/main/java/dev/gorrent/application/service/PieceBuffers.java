package dev.gorrent.application.service;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page-aligned native buffers of one piece each, that a verified piece's blocks are gathered into on a hashing
 * thread. Why: the hash (a native library's) and the disk (written with {@code O_DIRECT}, which wants aligned
 * memory) both read native memory in place, so the one copy here replaces the two they made of the blocks before
 * (JNA's into native memory for each block hashed, and storage's into its aligned buffer): about 0.1 CPU s less
 * per GiB downloaded.
 *
 * <p>Every buffer given back is kept, so a download allocates only as many as it ever had in use at once, which the
 * session bounds (the pieces being checked and stored count against the pieces in flight). Why not fewer: a
 * buffer let go is native memory freed only when the collector finds its owner, which for long-lived buffers is a
 * full collection; the RSS of a 4 GiB download grew by 13 MiB while at most six idle ones were kept.
 *
 * <p>Threads: hashing threads take buffers, whichever thread is done with one (the disk writer, or the hashing
 * thread when a piece fails its check) gives it back.
 */
final class PieceBuffers {
    /** The page size of every platform Gorrent runs on; a file system's direct I/O needs no more. */
    static final int ALIGNMENT = 4096;

    private final int pieceLength;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger allocated = new AtomicInteger();

    PieceBuffers(int pieceLength) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is not positive");
        }
        this.pieceLength = pieceLength;
    }

    /** A buffer with room for {@code size} bytes (at most a piece), cleared to position 0 and limit {@code size}. */
    ByteBuffer take(int size) {
        if (size < 0 || size > pieceLength) {
            throw new IllegalArgumentException("a piece buffer holds 0 to " + pieceLength + " bytes, not " + size);
        }
        ByteBuffer buffer = idle.poll();
        if (buffer == null) {
            allocated.incrementAndGet();
            buffer = ByteBuffer.allocateDirect(pieceLength + ALIGNMENT - 1).alignedSlice(ALIGNMENT);
        }
        return buffer.clear().limit(size);
    }

    /** Keeps a buffer from {@link #take} for the next piece. */
    void give(ByteBuffer buffer) {
        idle.offer(buffer);
    }

    /** How many buffers were allocated: the most that were in use at once. */
    int allocated() {
        return allocated.get();
    }
}
