package dev.gorrent.tracker.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A name server that never answers: every lookup blocks until {@link #close()}, then fails. */
public final class HangingLookup implements HostResolver.Lookup, AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public InetAddress lookup(String host) throws UnknownHostException {
        asked.add(host);
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new UnknownHostException(host + ": released without an answer");
    }

    /** The hosts looked up so far, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    /** Lets every blocked lookup end, so no resolver thread outlives the test. */
    @Override
    public void close() {
        release.countDown();
    }
}
