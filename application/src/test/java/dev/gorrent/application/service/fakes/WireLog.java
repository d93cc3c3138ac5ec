package dev.gorrent.application.service.fakes;

import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Every message the session flushed to a group of fake leechers, in the one order they reached them, so
 * a test can replay what several peers saw together (e.g. how many were unchoked at once). Appended to
 * by whichever session thread flushes, read by the test: every method locks.
 */
public final class WireLog {
    private final List<Entry> entries = new ArrayList<>();

    /** One message and the peer it went to. */
    public record Entry(PeerAddress to, PeerMessage message) {
    }

    synchronized void add(PeerAddress to, PeerMessage message) {
        entries.add(new Entry(to, message));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
