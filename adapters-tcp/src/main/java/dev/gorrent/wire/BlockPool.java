package dev.gorrent.wire;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays for received blocks, handed back by whoever consumed the block so the next one reuses them: a
 * download then allocates next to nothing per block, and the heap stays small without tuning. Only
 * arrays of {@link #BLOCK_LENGTH} are kept (every client sends those), at most {@code kept} of them.
 * Thread-safe: the reading threads of all connections of a network take, the consumers give.
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
