package dev.gorrent.wire;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays for blocks, received and sent, handed back once a block is consumed (stored, or copied into a connection's
 * output buffer) so the next one reuses them: a download or an upload then allocates next to nothing per block, and
 * the heap stays small without tuning. Only arrays of {@link #BLOCK_LENGTH} are kept (every client asks for those), at
 * most {@code kept} of them. Thread-safe: the reading and writing threads of all connections of a network take and
 * give, and so do the session's threads.
 */
public final class BlockPool {
    /** The block size every client requests (BEP 3's customary 16 KiB). */
    public static final int BLOCK_LENGTH = 16 * 1024;

    private final ArrayBlockingQueue<byte[]> free;

    public BlockPool(int kept) {
        this.free = new ArrayBlockingQueue<>(Math.max(1, kept));
    }

    /** An array of exactly {@code length} bytes; a reused one holds stale bytes, to be overwritten. */
    public byte[] take(int length) {
        if (length == BLOCK_LENGTH) {
            byte[] reused = free.poll();
            if (reused != null) {
                return reused;
            }
        }
        return new byte[length];
    }

    /** Keeps the array for a later {@link #take}, unless the pool is full or its size is unusual. */
    public void give(byte[] block) {
        if (block.length == BLOCK_LENGTH) {
            free.offer(block);
        }
    }
}
