package dev.gorrent.storage;

import dev.gorrent.application.port.out.PieceData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aligned direct buffers that piece bytes are gathered into on their way to a file. Why: a piece held as blocks in
 * heap arrays would make the JDK copy them into a temporary direct buffer anyway; gathering into our own buffer is
 * that same one copy, gives one system call per {@link #BYTES}, and its alignment is what {@code O_DIRECT} asks
 * for. A piece the session already gathered into aligned native memory ({@link PieceData#buffer}) is written from
 * there, with no copy at all.
 *
 * <p>Threads: any thread may write at the same time; each write borrows its own buffer, and at most
 * {@link #KEPT_BUFFERS} idle ones are kept.
 */
final class StagingBuffers {
    /** Bytes moved per system call: the common piece size. */
    static final int BYTES = 1 << 20;
    private static final int KEPT_BUFFERS = 4;

    private final int alignment;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger allocated = new AtomicInteger();

    /** Buffers aligned to {@code alignment}: a power of two up to {@link #BYTES}, which {@link DirectWrites} checks. */
    StagingBuffers(int alignment) {
        this.alignment = alignment;
    }

    /**
     * Writes {@code length} bytes of {@code data}, from piece offset {@code from}, to {@code channel} at file
     * position {@code position}. Chunks are {@link #BYTES} long but the last, so a direct write stays aligned when
     * its position and length are.
     */
    void write(FileChannel channel, long position, PieceData data, int from, int length) throws IOException {
        Optional<ByteBuffer> whole = data.buffer();
        if (whole.isPresent() && whole.get().isDirect() && whole.get().alignmentOffset(from, alignment) == 0) {
            // Already in aligned native memory: written from where it is, without staging.
            writeFully(channel, whole.get().slice(from, length), position);
            return;
        }
        ByteBuffer staging = borrow();
        try {
            int done = 0;
            while (done < length) {
                int chunk = Math.min(BYTES, length - done);
                staging.clear();
                data.copyTo(from + done, chunk, staging);
                writeFully(channel, staging.flip(), position + done);
                done += chunk;
            }
        } finally {
            giveBack(staging);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** How many buffers were ever allocated: none while every piece comes in aligned native memory. */
    int allocated() {
        return allocated.get();
    }

    private ByteBuffer borrow() {
        ByteBuffer buffer = idle.poll();
        if (buffer != null) {
            idleCount.decrementAndGet();
            return buffer;
        }
        allocated.incrementAndGet();
        return ByteBuffer.allocateDirect(BYTES + alignment - 1).alignedSlice(alignment);
    }

    private void giveBack(ByteBuffer buffer) {
        if (idleCount.incrementAndGet() <= KEPT_BUFFERS) {
            idle.offer(buffer);
        } else {
            idleCount.decrementAndGet();
        }
    }
}
