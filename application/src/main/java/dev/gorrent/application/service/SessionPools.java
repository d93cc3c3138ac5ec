package dev.gorrent.application.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one torrent's work runs on: a pool sized to the cores for hashing and disk writes,
 * another for reading uploaded blocks, one thread for announces, and a factory for peers' reading threads. All daemon threads, so a stuck
 * socket can never keep the process alive; closing shuts the pools down.
 */
final class SessionPools implements AutoCloseable {
    final int cores = Runtime.getRuntime().availableProcessors();
    /**
     * Hashing and disk work. Its queue is unbounded: when the disk is slower than the peers, verified
     * pieces wait here in memory (see issue 5; bounding it by hashing on the session thread collapsed
     * throughput with several peers, so the bound needs to act on requests instead).
     */
    final ExecutorService hashPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-disk"));
    /** Block reads for uploads: its queue needs no bound of its own, the Uploader caps reads per peer. */
    final ExecutorService uploadPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-upload"));
    final ExecutorService announcePool = Executors.newSingleThreadExecutor(daemonThreads("gorrent-announce"));
    final ThreadFactory peerThreads = daemonThreads("gorrent-peer");

    SessionPools() {
        hashPool.execute(PieceVerifier::warmUp);
    }

    @Override
    public void close() {
        hashPool.shutdownNow();
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
