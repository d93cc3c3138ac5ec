package dev.gorrent.storage;

import dev.gorrent.application.port.out.PieceData;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the block-aligned middle of large writes with {@code O_DIRECT}, from the piece's blocks through aligned
 * {@link StagingBuffers}, so verified pieces reach the device without a copy into the page cache.
 *
 * <p>Why: a download writes each byte once and reads it again only to seed, so caching it on the way buys little,
 * while copying it into freshly allocated page-cache pages was the disk thread's costliest step; on virtual machines
 * that hand free memory back to their host it was several times slower still, and it throttled whole downloads to
 * the page cache's pace. Writes with no aligned middle of {@link #MIN_DIRECT_BYTES} (small pieces, small files)
 * and a file's unaligned first and last bytes stay buffered: small synchronous writes would wait on the device once
 * each. No block is ever written both ways at once, and the kernel keeps cached and direct data coherent.
 *
 * <p>A file system without direct I/O (tmpfs, some network ones) refuses it on the first write; {@link #disable}
 * then sends everything through the page cache, which is always correct.
 *
 * <p>Threads: any thread may write at the same time (see {@link StagingBuffers}); {@link #disable} may come from any.
 */
final class DirectWrites {
    /** The smallest aligned stretch written directly; smaller ones are cheaper through the page cache. */
    static final int MIN_DIRECT_BYTES = 256 * 1024;
    /** The largest alignment: the staging buffer's size. */
    static final int STAGING_BYTES = StagingBuffers.BYTES;
    /** The alignment assumed when the file system's block size is smaller: safe for 512-byte sector devices too. */
    private static final int MIN_ALIGNMENT = 4096;

    private final int alignment;
    private final StagingBuffers staging;
    private volatile boolean enabled;

    private DirectWrites(int alignment, boolean enabled) {
        this.alignment = alignment;
        this.staging = new StagingBuffers(alignment);
        this.enabled = enabled;
    }

    /** Direct writes aligned to {@code alignment}, a power of two no larger than {@link #STAGING_BYTES}. */
    static DirectWrites aligned(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1 || alignment > STAGING_BYTES) {
            throw new IllegalArgumentException("direct I/O alignment must be a power of two up to " + STAGING_BYTES
                    + ", got " + alignment);
        }
        return new DirectWrites(alignment, true);
    }

    /** No direct writes at all. */
    static DirectWrites off() {
        return new DirectWrites(MIN_ALIGNMENT, false);
    }

    /** Direct writes aligned to the block size of {@code folder}'s file system, or none if it has no usable one. */
    static DirectWrites forFolder(Path folder) {
        long blockSize;
        try {
            blockSize = Files.getFileStore(folder).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return off();
        }
        long alignment = Math.max(MIN_ALIGNMENT, blockSize);
        return Long.bitCount(alignment) == 1 && alignment <= STAGING_BYTES ? aligned((int) alignment) : off();
    }

    boolean enabled() {
        return enabled;
    }

    /** From now on, every write goes through the page cache. */
    void disable() {
        enabled = false;
    }

    /** The aligned part of {@code span} to write directly, when there is one worth it and direct writes are on. */
    Optional<FileSpans.Span> middleOf(FileSpans.Span span) {
        if (!enabled) {
            return Optional.empty();
        }
        long mask = alignment - 1;
        long from = (span.position() + mask) & ~mask;
        long to = (span.position() + span.length()) & ~mask;
        return to - from >= Math.max(MIN_DIRECT_BYTES, alignment) ? Optional.of(span.slice(from, to))
                : Optional.empty();
    }

    /** The buffers writes gather pieces into, aligned for direct writes; buffered writes use them too. */
    StagingBuffers staging() {
        return staging;
    }

    /** Writes {@code middle}'s bytes of {@code source} to a channel opened with {@code O_DIRECT}. */
    void write(FileChannel channel, FileSpans.Span middle, PieceData source) throws IOException {
        if (((middle.position() | middle.length()) & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("a direct write needs " + alignment + "-byte alignment, got "
                    + middle.length() + " bytes at " + middle.position());
        }
        staging.write(channel, middle.position(), source, middle.bufferOffset(), middle.length());
    }
}
