package dev.gorrent.domain.piece;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses which blocks to request from which peer. Peers are named by small int ids the caller assigns.
 * Not thread-safe: the download session owns it and calls it from one thread.
 */
public final class PiecePicker {

    /** Starts with the pieces we already have (verified on disk). */
    public PiecePicker(PieceGeometry geometry, Bitfield have, RandomGenerator random) {
        throw new UnsupportedOperationException("PiecePicker: to be implemented");
    }

    /** A peer joined with these pieces (its bitfield, or empty when it sent none). */
    public void peerJoined(int peer, Bitfield pieces) {
        throw new UnsupportedOperationException();
    }

    /** A peer announced one more piece (HAVE). */
    public void peerHas(int peer, int piece) {
        throw new UnsupportedOperationException();
    }

    /** A peer left: forget its availability and release every block it had outstanding. */
    public void peerLeft(int peer) {
        throw new UnsupportedOperationException();
    }

    /** The peer choked us: release its outstanding blocks (they may be requested from others). */
    public void peerChoked(int peer) {
        throw new UnsupportedOperationException();
    }

    /**
     * Up to {@code max} blocks to request from {@code peer}, each recorded as outstanding with it.
     * Order: blocks of pieces already started (strict priority), then the rarest pieces the peer has,
     * ties broken at random. In endgame (every missing block already requested) it returns blocks
     * outstanding with other peers, never one this peer already has outstanding.
     */
    public List<BlockRef> pick(int peer, int max) {
        throw new UnsupportedOperationException();
    }

    /**
     * A block arrived from {@code peer}. Returns what the caller must do: the other peers that had
     * the same block outstanding (send them CANCEL), whether the block was new, and whether its piece
     * now has every block (hash it).
     */
    public BlockArrival blockReceived(int peer, BlockRef block) {
        throw new UnsupportedOperationException();
    }

    /** The piece hashed right: it is ours for good. */
    public void pieceVerified(int piece) {
        throw new UnsupportedOperationException();
    }

    /** The piece hashed wrong: every block of it is missing again. */
    public void pieceFailed(int piece) {
        throw new UnsupportedOperationException();
    }

    /** Whether the peer has any piece we still need. */
    public boolean isInteresting(int peer) {
        throw new UnsupportedOperationException();
    }

    /** Our verified pieces (a copy). */
    public Bitfield have() {
        throw new UnsupportedOperationException();
    }

    public boolean isComplete() {
        throw new UnsupportedOperationException();
    }

    public boolean inEndgame() {
        throw new UnsupportedOperationException();
    }

    /** What {@link #blockReceived} tells the caller. */
    public record BlockArrival(boolean wasNew, boolean pieceComplete, List<Integer> peersToCancel) {
        public BlockArrival {
            peersToCancel = List.copyOf(peersToCancel);
        }
    }
}
