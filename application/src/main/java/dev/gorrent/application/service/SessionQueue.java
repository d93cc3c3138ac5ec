package dev.gorrent.application.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The session thread's inbox: bounded, many producers (peer readers, hashing and disk threads, announce
 * thread), one consumer. Peers' messages are bounded by count as well as the events that carry them (a
 * reader hands over a burst per event), so the blocks waiting here never exceed {@code maxMessages}
 * whatever the bursts; a reader waits for room, which slows its peer down through TCP. Once closed,
 * producers stop waiting so no thread hangs on a finished session.
 */
final class SessionQueue {
    private static final long WAIT_SLICE_MILLIS = 200;

    private final BlockingQueue<SessionEvent> events;
    private final Semaphore messageRoom;
    private final int maxMessages;
    private volatile boolean closed;

    SessionQueue(int capacity, int maxMessages) {
        this.events = new ArrayBlockingQueue<>(capacity);
        this.messageRoom = new Semaphore(maxMessages);
        this.maxMessages = maxMessages;
    }

    /** Waits for room; gives up silently once the session is closed. */
    void put(SessionEvent event) throws InterruptedException {
        int messages = messagesIn(event);
        while (!messageRoom.tryAcquire(messages, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
            if (closed) {
                throw new InterruptedException("session closed");
            }
        }
        while (!closed) {
            if (events.offer(event, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        messageRoom.release(messages);
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
        return taken(events.poll(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    SessionEvent pollNow() {
        return taken(events.poll());
    }

    void close() {
        closed = true;
        events.clear();
    }

    private SessionEvent taken(SessionEvent event) {
        if (event != null) {
            messageRoom.release(messagesIn(event));
        }
        return event;
    }

    /** What an event weighs against the message bound; a burst above the bound counts as the bound. */
    private int messagesIn(SessionEvent event) {
        return event instanceof SessionEvent.MessagesReceived received
                ? Math.min(received.messages().size(), maxMessages) : 0;
    }
}
