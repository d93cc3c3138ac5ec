package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.PieceGeometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocks of pieces being downloaded, kept as they arrived (not copied into one array), and who sent them (to
 * blame when the hash fails). Each block's array goes back to the connection that read it once the piece is
 * gathered for its hash or dropped, so memory is bounded by the pieces in flight, which the session bounds. Session
 * thread only, but for a {@link Partial} handed over by {@link #take}, which belongs to whoever took it.
 */
final class PieceAssembly {
    private final PieceGeometry geometry;
    private final Map<Integer, Partial> partials = new HashMap<>();

    PieceAssembly(PieceGeometry geometry) {
        this.geometry = geometry;
    }

    /** Keeps a block, new to its piece, until {@link #release} or {@link #discard}. */
    void add(int piece, PeerMessage.Piece block, PeerConnection from) {
        // get-then-put rather than computeIfAbsent: a capturing lambda per block is an allocation C1 leaves in.
        Partial partial = partials.get(piece);
        if (partial == null) {
            partial = new Partial(geometry.blockCount(piece));
            partials.put(piece, partial);
        }
        int index = block.begin() / PieceGeometry.BLOCK_SIZE;
        if (partial.blocks[index] != null) {
            throw new IllegalStateException("block " + index + " of piece " + piece + " arrived twice");
        }
        partial.blocks[index] = block;
        partial.sources[index] = from;
        partial.contributors.add(from.address());
    }

    /** Hands over a complete piece and forgets it; {@link #release} gives its blocks back once it is stored. */
    Partial take(int piece) {
        Partial partial = partials.remove(piece);
        if (partial == null) {
            throw new IllegalStateException("piece " + piece + " has no blocks");
        }
        return partial;
    }

    /** Drops a piece's blocks (they will be fetched again). */
    void discard(int piece) {
        Partial partial = partials.remove(piece);
        if (partial != null) {
            partial.giveBlocksBack();
        }
    }

    /** The pieces being assembled that hold a block from {@code peer}. */
    List<Integer> piecesFrom(PeerAddress peer) {
        List<Integer> pieces = new ArrayList<>();
        partials.forEach((piece, partial) -> {
            if (partial.contributors.contains(peer)) {
                pieces.add(piece);
            }
        });
        return pieces;
    }

    /** One piece being assembled: its blocks by index, the connection each came from, and who contributed. */
    static final class Partial {
        private final PeerMessage.Piece[] blocks;
        private final PeerConnection[] sources;
        private final Set<PeerAddress> contributors = new HashSet<>();

        private Partial(int blockCount) {
            this.blocks = new PeerMessage.Piece[blockCount];
            this.sources = new PeerConnection[blockCount];
        }

        /** The piece's bytes; every block must have arrived. */
        PieceData data() {
            byte[][] arrays = new byte[blocks.length][];
            for (int i = 0; i < blocks.length; i++) {
                if (blocks[i] == null) {
                    throw new IllegalStateException("block " + i + " of the piece has not arrived");
                }
                arrays[i] = blocks[i].block();
            }
            return PieceData.ofBlocks(arrays, PieceGeometry.BLOCK_SIZE);
        }

        Set<PeerAddress> contributors() {
            return contributors;
        }

        /**
         * Gives the blocks back to their connections once nothing reads them: for a piece handed over by
         * {@link #take}, on the hashing thread that gathered them (the piece's contributors stay, for the session).
         */
        void giveBlocksBack() {
            for (int i = 0; i < blocks.length; i++) {
                if (blocks[i] != null) {
                    sources[i].release(blocks[i]);
                    blocks[i] = null;
                    sources[i] = null;
                }
            }
        }
    }
}
