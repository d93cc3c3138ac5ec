package dev.gorrent.application.service.fakes;

import dev.gorrent.domain.piece.BlockRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one fake peer address saw over all its connections. Written by the session thread (through
 * {@link FakeSeedConnection#flush}) and the peer's reading thread, read by the test: every method locks.
 */
public final class SeedStats {
    private final List<BlockRef> requests = new ArrayList<>();
    private final List<BlockRef> served = new ArrayList<>();
    private final List<BlockRef> cancels = new ArrayList<>();
    private final List<Integer> havesFromSession = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int connects;
    private int released;
    private int outstanding;
    private int maxOutstanding;
    private boolean choked;
    private boolean hungUp;

    synchronized void connected() {
        connects++;
    }

    /** A batch of requests arrived at once: all of them count as in flight before any is answered. */
    synchronized void requestsArrived(List<BlockRef> batch) {
        requests.addAll(batch);
        outstanding += batch.size();
        maxOutstanding = Math.max(maxOutstanding, outstanding);
    }

    synchronized void served(BlockRef block) {
        served.add(block);
    }

    /** A request that will never be answered (we choked, or it was invalid) stops being in flight. */
    synchronized void dropped() {
        outstanding--;
    }

    /** The session's reader took a block off the wire. */
    synchronized void delivered() {
        outstanding--;
    }

    /** The session handed a received block's array back. */
    synchronized void blockReleased() {
        released++;
    }

    synchronized void cancelled(BlockRef block) {
        cancels.add(block);
    }

    synchronized void sessionHas(int piece) {
        havesFromSession.add(piece);
    }

    synchronized void violation(String what) {
        violations.add(what);
    }

    synchronized void choked() {
        choked = true;
    }

    synchronized void hungUp() {
        hungUp = true;
    }

    /** How many received blocks the session handed back to the connection. */
    public synchronized int releasedBlocks() {
        return released;
    }

    public synchronized int connects() {
        return connects;
    }

    public synchronized List<BlockRef> requests() {
        return List.copyOf(requests);
    }

    /** The distinct pieces the session asked this peer for. */
    public synchronized Set<Integer> requestedPieces() {
        Set<Integer> pieces = new TreeSet<>();
        requests.forEach(r -> pieces.add(r.piece()));
        return pieces;
    }

    public synchronized List<BlockRef> served() {
        return List.copyOf(served);
    }

    public synchronized List<BlockRef> cancels() {
        return List.copyOf(cancels);
    }

    public synchronized List<Integer> havesFromSession() {
        return List.copyOf(havesFromSession);
    }

    /** Protocol breaches by the session, e.g. asking for a piece this peer never announced. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The most requests that were in flight to this peer at one moment. */
    public synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    public synchronized boolean hasChoked() {
        return choked;
    }

    public synchronized boolean hasHungUp() {
        return hungUp;
    }
}
