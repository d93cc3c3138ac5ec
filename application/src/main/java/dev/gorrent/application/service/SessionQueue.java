package dev.gorrent.application.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The session thread's inbox: bounded, many producers (peer readers, hashing pool, announce thread),
 * one consumer. Once closed, producers stop waiting so no thread hangs on a finished session.
 */
final class SessionQueue {
    private final BlockingQueue<SessionEvent> events;
    private volatile boolean closed;

    SessionQueue(int capacity) {
        this.events = new ArrayBlockingQueue<>(capacity);
    }

    /** Waits for room; gives up silently once the session is closed. */
    void put(SessionEvent event) throws InterruptedException {
        while (!closed) {
            if (events.offer(event, 200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new InterruptedException("session closed");
    }

    /** Like {@link #put}, but reports whether the event was accepted instead of throwing. */
    boolean offerConnection(SessionEvent event) throws InterruptedException {
        try {
            put(event);
            return true;
        } catch (InterruptedException e) {
            if (closed) {
                return false;
            }
            throw e;
        }
    }

    /** For last words from a dying thread: never blocks past the session's end. */
    void offerQuietly(SessionEvent event) {
        try {
            put(event);
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    SessionEvent poll(long timeoutMillis) throws InterruptedException {
        return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    SessionEvent pollNow() {
        return events.poll();
    }

    void close() {
        closed = true;
        events.clear();
    }
}
