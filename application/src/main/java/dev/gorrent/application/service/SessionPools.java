package dev.gorrent.application.service;

import dev.gorrent.application.port.out.Sha1Digests;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one torrent's work runs on: a pool sized to the cores for hashing, one thread for disk writes,
 * another for handing blocks to upload to connections, one thread for announces, and a factory for peers'
 * reading threads. All daemon threads, so a stuck socket can never keep the process alive; closing shuts the
 * pools down.
 */
final class SessionPools implements AutoCloseable {
    final int cores = Runtime.getRuntime().availableProcessors();
    /**
     * Hashing (and re-checking). Its queue needs no bound of its own: the session lets only so many pieces
     * be in flight (SessionSettings.piecesInFlightBytes), and each is queued here at most once.
     */
    final ExecutorService hashPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-hash"));
    /**
     * Writes verified pieces, one at a time: two threads writing into the same file only contend for its
     * lock in the kernel, where the loser spins (the profile showed a tenth of the hashing threads' time
     * there), and the page cache takes one writer's copies as fast as two.
     */
    final ExecutorService diskWriter = Executors.newSingleThreadExecutor(daemonThreads("gorrent-write"));
    /** Hands blocks to upload to connections: its queue needs no bound of its own, the Uploader caps tasks per peer. */
    final ExecutorService uploadPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-upload"));
    final ExecutorService announcePool = Executors.newSingleThreadExecutor(daemonThreads("gorrent-announce"));
    final ThreadFactory peerThreads = daemonThreads("gorrent-peer");

    /** Starts the pools, and readies {@code digests} on a hashing thread while the session is being set up. */
    SessionPools(Sha1Digests digests) {
        hashPool.execute(digests::prepare);
    }

    @Override
    public void close() {
        hashPool.shutdownNow();
        diskWriter.shutdownNow();
        uploadPool.shutdownNow();
        announcePool.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
