package dev.gorrent.domain.piece;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** What the picker knows about one peer: the pieces it has and the blocks requested from it. */
final class PeerPieces {
    final BitSet pieces;
    final Set<BlockRef> outstanding = new LinkedHashSet<>();

    PeerPieces(BitSet pieces) {
        this.pieces = pieces;
    }
}
