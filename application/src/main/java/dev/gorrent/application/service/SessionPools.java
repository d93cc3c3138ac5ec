package dev.gorrent.application.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one torrent's work runs on: a pool sized to the cores for hashing and disk I/O, one
 * thread for announces, and a factory for peers' reading threads. All daemon threads, so a stuck
 * socket can never keep the process alive; closing shuts the pools down.
 */
final class SessionPools implements AutoCloseable {
    final int cores = Runtime.getRuntime().availableProcessors();
    final ExecutorService hashPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-disk"));
    final ExecutorService announcePool = Executors.newSingleThreadExecutor(daemonThreads("gorrent-announce"));
    final ThreadFactory peerThreads = daemonThreads("gorrent-peer");

    @Override
    public void close() {
        hashPool.shutdownNow();
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
