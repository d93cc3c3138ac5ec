package dev.gorrent.application.service;

import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.piece.PieceGeometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Buffers for pieces whose blocks are arriving, and who sent them (to blame when the hash fails).
 * Memory is bounded by the pieces in flight, which the session bounds; the buffers are reused. Session
 * thread only.
 */
final class PieceAssembly {
    private final PieceGeometry geometry;
    private final PieceBuffers buffers;
    private final Map<Integer, Partial> partials = new HashMap<>();

    PieceAssembly(PieceGeometry geometry, int buffersKept) {
        this.geometry = geometry;
        this.buffers = new PieceBuffers(geometry.pieceLength(), buffersKept);
    }

    /** Copies a block into its piece's buffer. */
    void add(int piece, int offset, byte[] block, PeerAddress from) {
        // get-then-put rather than computeIfAbsent: a capturing lambda per block is an allocation C1 leaves in.
        Partial partial = partials.get(piece);
        if (partial == null) {
            partial = new Partial(buffers.take(geometry.pieceSize(piece)));
            partials.put(piece, partial);
        }
        System.arraycopy(block, 0, partial.data, offset, block.length);
        partial.contributors.add(from);
    }

    /** Hands over a complete piece's buffer and forgets it; {@link #recycle} takes the buffer back. */
    Partial take(int piece) {
        Partial partial = partials.remove(piece);
        if (partial == null) {
            throw new IllegalStateException("piece " + piece + " has no buffer");
        }
        return partial;
    }

    /** Drops a piece's blocks (they will be fetched again). */
    void discard(int piece) {
        Partial partial = partials.remove(piece);
        if (partial != null) {
            buffers.give(partial.data());
        }
    }

    /** Takes back a buffer handed over by {@link #take}, once nothing reads it any more. */
    void recycle(byte[] data) {
        buffers.give(data);
    }

    /** The pieces being assembled that hold a block from {@code peer}. */
    List<Integer> piecesFrom(PeerAddress peer) {
        List<Integer> pieces = new ArrayList<>();
        partials.forEach((piece, partial) -> {
            if (partial.contributors().contains(peer)) {
                pieces.add(piece);
            }
        });
        return pieces;
    }

    /** One piece being assembled. */
    record Partial(byte[] data, Set<PeerAddress> contributors) {
        Partial(byte[] data) {
            this(data, new HashSet<>());
        }
    }
}
