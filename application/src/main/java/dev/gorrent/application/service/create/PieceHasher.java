package dev.gorrent.application.service.create;

import dev.gorrent.application.port.in.HashingProgress;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentReader;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.Sha1Digest;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.domain.metainfo.PieceHashes;
import dev.gorrent.domain.metainfo.TorrentContent;
import dev.gorrent.domain.piece.PieceGeometry;

import java.nio.file.Path;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes every piece of new content. The pieces are cut into one contiguous run per worker, so each
 * worker reads its part of the stream front to back through a reader and a piece buffer of its own.
 *
 * <p>Threads: the caller's thread starts the workers and waits; each worker writes only its own
 * pieces' slots of the shared hash array, which the caller reads after every worker's future has
 * completed (that completion orders the writes before the read). The first failure, or an interrupt
 * of the caller, stops every worker before {@link #hashAll} returns or throws.
 */
final class PieceHasher {
    /** How long to wait for workers to stop after a failure; a piece read is well under it. */
    private static final long STOP_WAIT_SECONDS = 30;
    /** Every worker holds a piece-sized buffer: bounds their sum however many cores there are. */
    private static final long BUFFER_BUDGET_BYTES = 512L * 1024 * 1024;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ContentSource source;
    private final Sha1Digests digests;
    private final Path path;
    private final TorrentContent content;
    private final PieceGeometry geometry;
    private final int threads;
    private final Tally tally;

    PieceHasher(ContentSource source, Sha1Digests digests, Path path, TorrentContent content, PieceGeometry geometry,
                int threads, HashingProgress progress) {
        this.source = source;
        this.digests = digests;
        this.path = path;
        this.content = content;
        this.geometry = geometry;
        this.threads = threads;
        this.tally = new Tally(progress, geometry.totalLength());
    }

    PieceHashes hashAll() throws ContentException, InterruptedException {
        int pieces = geometry.pieceCount();
        long affordable = Math.max(1, BUFFER_BUDGET_BYTES / geometry.pieceLength());
        int workers = (int) Math.min(Math.min(threads, pieces), affordable);
        byte[] hashes = new byte[Math.multiplyExact(pieces, PieceHashes.HASH_LENGTH)];
        ExecutorService pool = Executors.newFixedThreadPool(workers, threadFactory());
        try {
            CompletionService<Void> finished = new ExecutorCompletionService<>(pool);
            for (int worker = 0; worker < workers; worker++) {
                int from = (int) ((long) pieces * worker / workers);
                int to = (int) ((long) pieces * (worker + 1) / workers);
                finished.submit(() -> hashRun(from, to, hashes));
            }
            for (int worker = 0; worker < workers; worker++) {
                awaitOne(finished);
            }
        } finally {
            pool.shutdownNow();
            awaitStop(pool);
        }
        return PieceHashes.of(hashes);
    }

    private Void hashRun(int from, int to, byte[] hashes) throws ContentException, InterruptedException {
        Sha1Digest sha1 = digests.create();
        // A run's first piece is full-sized unless it is the torrent's only one; either way no later one is larger.
        byte[] buffer = new byte[geometry.pieceSize(from)];
        try (ContentReader reader = source.openReader(path, content)) {
            for (int piece = from; piece < to; piece++) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int size = geometry.pieceSize(piece);
                reader.read(geometry.pieceOffset(piece), buffer, size);
                sha1.update(buffer, size);
                System.arraycopy(sha1.digest(), 0, hashes, piece * PieceHashes.HASH_LENGTH, PieceHashes.HASH_LENGTH);
                tally.add(size);
            }
        }
        return null;
    }

    private static void awaitOne(CompletionService<Void> finished) throws ContentException, InterruptedException {
        try {
            finished.take().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ContentException content) {
                throw content;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            // A worker sees an interrupt only when the pool is being stopped, which the caller started.
            throw new InterruptedException("hashing was stopped");
        }
    }

    private static void awaitStop(ExecutorService pool) throws InterruptedException {
        if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("hashing threads did not stop within " + STOP_WAIT_SECONDS + " s");
        }
    }

    private static ThreadFactory threadFactory() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gorrent-hash-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Adds up the workers' hashed bytes and tells the listener, one call at a time so counts only grow. */
    private static final class Tally {
        private final HashingProgress progress;
        private final long totalBytes;
        private long hashedBytes;

        Tally(HashingProgress progress, long totalBytes) {
            this.progress = progress;
            this.totalBytes = totalBytes;
        }

        synchronized void add(long bytes) {
            hashedBytes += bytes;
            progress.hashed(hashedBytes, totalBytes);
        }
    }
}
