package dev.gorrent.domain.piece;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Chooses which blocks to request from which peer. Peers are named by small int ids the caller assigns.
 * Not thread-safe: the download session owns it and calls it from one thread.
 *
 * <p>Every piece is in exactly one state: verified; fully received and awaiting its hash check;
 * started (some block requested or received, tracked block by block); or not started (tracked only by
 * its availability).
 */
public final class PiecePicker {
    private final PieceGeometry geometry;
    private final Bitfield verified;
    private int verifiedCount;
    /** Pieces we still have to download: started or not started. */
    private final BitSet needed;
    private final RarestFirstIndex notStarted;
    /** Insertion order is start order, so the oldest started piece is finished first. */
    private final Map<Integer, PieceProgress> started = new LinkedHashMap<>();
    private final Map<Integer, PeerPieces> peers = new HashMap<>();

    /** Starts with the pieces we already have (verified on disk). */
    public PiecePicker(PieceGeometry geometry, Bitfield have, RandomGenerator random) {
        int count = geometry.pieceCount();
        if (have.size() != count) {
            throw new IllegalArgumentException("bitfield of " + have.size() + " pieces for a torrent of " + count
                    + " pieces");
        }
        this.geometry = geometry;
        this.verified = have.copy();
        this.verifiedCount = have.cardinality();
        this.needed = new BitSet(count);
        this.notStarted = new RarestFirstIndex(count, random);
        for (int piece = verified.nextClear(0); piece >= 0; piece = verified.nextClear(piece + 1)) {
            needed.set(piece);
            notStarted.add(piece);
        }
    }

    /** A peer joined with these pieces (its bitfield, or empty when it sent none). */
    public void peerJoined(int peer, Bitfield pieces) {
        if (peers.containsKey(peer)) {
            throw new IllegalArgumentException("peer " + peer + " joined twice without leaving");
        }
        if (pieces.size() != geometry.pieceCount()) {
            throw new IllegalArgumentException("peer " + peer + " has a bitfield of " + pieces.size()
                    + " pieces for a torrent of " + geometry.pieceCount() + " pieces");
        }
        BitSet bits = new BitSet(pieces.size());
        for (int piece = pieces.nextSet(0); piece >= 0; piece = pieces.nextSet(piece + 1)) {
            bits.set(piece);
            notStarted.increment(piece);
        }
        peers.put(peer, new PeerPieces(bits));
    }

    /** A peer announced one more piece (HAVE). */
    public void peerHas(int peer, int piece) {
        PeerPieces state = peer(peer);
        checkPiece(piece);
        if (!state.pieces.get(piece)) {
            state.pieces.set(piece);
            notStarted.increment(piece);
        }
    }

    /** A peer left: forget its availability and release every block it had outstanding. */
    public void peerLeft(int peer) {
        PeerPieces state = peers.get(peer);
        if (state == null) {
            return;
        }
        release(peer, state);
        for (int piece = state.pieces.nextSetBit(0); piece >= 0; piece = state.pieces.nextSetBit(piece + 1)) {
            notStarted.decrement(piece);
        }
        peers.remove(peer);
    }

    /** The peer choked us: release its outstanding blocks (they may be requested from others). */
    public void peerChoked(int peer) {
        PeerPieces state = peers.get(peer);
        if (state != null) {
            release(peer, state);
        }
    }

    /**
     * Up to {@code max} blocks to request from {@code peer}, each recorded as outstanding with it.
     * Order: blocks of pieces already started (strict priority), then the rarest pieces the peer has,
     * ties broken at random. In endgame (every missing block already requested) it returns blocks
     * outstanding with other peers, never one this peer already has outstanding.
     */
    public List<BlockRef> pick(int peer, int max) {
        return pick(peer, max, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #pick(int, int)}, but starts at most {@code newPieces} pieces not started yet, so the
     * caller can bound how many pieces are in flight (each needs a buffer until it is written). The
     * bound never starves a peer: one with nothing outstanding that has none of the started pieces may
     * start one piece beyond it, so the excess is at most one piece per peer; a negative {@code newPieces}
     * forbids even that (the caller knows room will come).
     */
    public List<BlockRef> pick(int peer, int max, int newPieces) {
        PeerPieces state = peer(peer);
        if (max < 0) {
            throw new IllegalArgumentException("cannot pick " + max + " blocks");
        }
        List<BlockRef> picked = new ArrayList<>(Math.min(max, 64));
        boolean hasStartedPiece = false;
        for (PieceProgress progress : started.values()) {
            if (picked.size() == max) {
                return picked;
            }
            if (state.pieces.get(progress.piece())) {
                hasStartedPiece = true;
                if (progress.hasUnrequested()) {
                    takeUnrequested(peer, state, progress, max, picked);
                }
            }
        }
        int mayStart = newPieces < 0 ? 0
                : !hasStartedPiece && state.outstanding.isEmpty() ? Math.max(1, newPieces) : newPieces;
        while (picked.size() < max && mayStart-- > 0) {
            int piece = notStarted.rarestAmong(state.pieces);
            if (piece < 0) {
                break;
            }
            notStarted.remove(piece);
            PieceProgress progress = new PieceProgress(piece, geometry.blockCount(piece));
            started.put(piece, progress);
            takeUnrequested(peer, state, progress, max, picked);
        }
        if (picked.size() < max && inEndgame()) {
            takeDuplicates(peer, state, max, picked);
        }
        return picked;
    }

    /**
     * A block arrived from {@code peer}. Returns what the caller must do: the other peers that had
     * the same block outstanding (send them CANCEL), whether the block was new, and whether its piece
     * now has every block (hash it).
     *
     * <p>A block of a piece nobody was asked for is not new: keeping it would let a peer make us track
     * pieces we never started.
     *
     * @throws IllegalArgumentException when the block is not one {@link PieceGeometry#block} would cut
     */
    public BlockArrival blockReceived(int peer, BlockRef block) {
        if (!geometry.isWholeBlock(block.piece(), block.offset(), block.length())) {
            throw new IllegalArgumentException("block at offset " + block.offset() + " of length " + block.length()
                    + " in piece " + block.piece() + " is not a block of this torrent (" + geometry.pieceCount()
                    + " pieces of " + geometry.pieceLength() + " bytes, " + PieceGeometry.BLOCK_SIZE + "-byte blocks)");
        }
        PieceProgress progress = started.get(block.piece());
        int index = block.blockIndex();
        if (progress == null || progress.isReceived(index)) {
            return new BlockArrival(false, false, List.of());
        }
        List<Integer> toCancel = new ArrayList<>();
        for (int holder : progress.holdersOf(index)) {
            peers.get(holder).outstanding.remove(block);
            if (holder != peer) {
                toCancel.add(holder);
            }
        }
        progress.markReceived(index);
        if (!progress.isComplete()) {
            return new BlockArrival(true, false, toCancel);
        }
        // Every block is in and none is outstanding any more: only the hash check is left.
        started.remove(block.piece());
        needed.clear(block.piece());
        return new BlockArrival(true, true, toCancel);
    }

    /** The piece hashed right: it is ours for good. */
    public void pieceVerified(int piece) {
        checkPiece(piece);
        if (verified.get(piece)) {
            return;
        }
        abandon(piece);
        verified.set(piece);
        verifiedCount++;
    }

    /** The piece hashed wrong: every block of it is missing again. */
    public void pieceFailed(int piece) {
        checkPiece(piece);
        abandon(piece);
        if (verified.get(piece)) {
            verified.clear(piece);
            verifiedCount--;
        }
        needed.set(piece);
        notStarted.add(piece);
    }

    /** Whether the peer has any piece we still need. */
    public boolean isInteresting(int peer) {
        return peer(peer).pieces.intersects(needed);
    }

    /** Our verified pieces (a copy). */
    public Bitfield have() {
        return verified.copy();
    }

    /** Pieces started and not yet fully received: each has a block requested or received. */
    public int startedCount() {
        return started.size();
    }

    /** Every piece is verified. */
    public boolean isComplete() {
        return verifiedCount == geometry.pieceCount();
    }

    /** Some block is still missing and every missing block is already requested from someone. */
    public boolean inEndgame() {
        if (!notStarted.isEmpty() || started.isEmpty()) {
            return false;
        }
        for (PieceProgress progress : started.values()) {
            if (progress.hasUnrequested()) {
                return false;
            }
        }
        return true;
    }

    /** How many joined peers have the piece. */
    public int availability(int piece) {
        checkPiece(piece);
        return notStarted.availability(piece);
    }

    /** The blocks requested from the peer and not yet received, released or cancelled (a copy, in request order). */
    public List<BlockRef> outstanding(int peer) {
        return List.copyOf(peer(peer).outstanding);
    }

    /** What {@link #blockReceived} tells the caller. */
    public record BlockArrival(boolean wasNew, boolean pieceComplete, List<Integer> peersToCancel) {
        public BlockArrival {
            peersToCancel = List.copyOf(peersToCancel);
        }
    }

    private void takeUnrequested(int peer, PeerPieces state, PieceProgress progress, int max, List<BlockRef> picked) {
        for (int block = progress.nextUnrequested(0); block >= 0 && picked.size() < max;
                block = progress.nextUnrequested(block + 1)) {
            request(peer, state, progress, block, picked);
        }
    }

    /** Endgame: ask this peer too for blocks others are slow with, the least-duplicated first. */
    private void takeDuplicates(int peer, PeerPieces state, int max, List<BlockRef> picked) {
        for (int holders = 1; holders < PieceProgress.MAX_HOLDERS; holders++) {
            for (PieceProgress progress : started.values()) {
                if (!state.pieces.get(progress.piece())) {
                    continue;
                }
                for (int block = 0; block < progress.blockCount(); block++) {
                    if (picked.size() == max) {
                        return;
                    }
                    if (!progress.isReceived(block) && progress.holderCount(block) == holders
                            && !progress.isHeldBy(block, peer)) {
                        request(peer, state, progress, block, picked);
                    }
                }
            }
        }
    }

    private void request(int peer, PeerPieces state, PieceProgress progress, int block, List<BlockRef> picked) {
        BlockRef ref = geometry.block(progress.piece(), block);
        progress.addHolder(block, peer);
        state.outstanding.add(ref);
        picked.add(ref);
    }

    /** Hands the peer's outstanding blocks back; a piece left with nothing received is not started any more. */
    private void release(int peer, PeerPieces state) {
        for (BlockRef block : state.outstanding) {
            PieceProgress progress = started.get(block.piece());
            progress.removeHolder(block.blockIndex(), peer);
            if (progress.isIdle()) {
                started.remove(block.piece());
                notStarted.add(block.piece());
            }
        }
        state.outstanding.clear();
    }

    /** Forgets whatever was fetched or requested of the piece and takes it out of every pool. */
    private void abandon(int piece) {
        PieceProgress progress = started.remove(piece);
        if (progress != null) {
            for (int block = 0; block < progress.blockCount(); block++) {
                if (progress.holderCount(block) > 0) {
                    BlockRef ref = geometry.block(piece, block);
                    for (int holder : progress.holdersOf(block)) {
                        peers.get(holder).outstanding.remove(ref);
                    }
                }
            }
        }
        notStarted.remove(piece);
        needed.clear(piece);
    }

    private PeerPieces peer(int peer) {
        PeerPieces state = peers.get(peer);
        if (state == null) {
            throw new IllegalArgumentException("peer " + peer + " has not joined the picker");
        }
        return state;
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= geometry.pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " is not in 0.." + (geometry.pieceCount() - 1));
        }
    }
}
