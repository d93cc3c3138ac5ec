package dev.gorrent.domain.piece;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One piece being fetched: which blocks arrived and which peers each missing block is requested from.
 * Exists only while the piece is started, so a torrent of many pieces pays per-block memory only for the
 * few in flight.
 */
final class PieceProgress {
    /** Most peers one block is requested from at once; above one only in endgame. */
    static final int MAX_HOLDERS = 3;

    private final int piece;
    private final int blockCount;
    private final BitSet received;
    private final int[] holders;
    private final byte[] holderCounts;
    private int receivedCount;
    private int heldBlocks;
    private int unrequested;

    PieceProgress(int piece, int blockCount) {
        this.piece = piece;
        this.blockCount = blockCount;
        this.received = new BitSet(blockCount);
        this.holders = new int[blockCount * MAX_HOLDERS];
        this.holderCounts = new byte[blockCount];
        this.unrequested = blockCount;
    }

    int piece() {
        return piece;
    }

    int blockCount() {
        return blockCount;
    }

    boolean isReceived(int block) {
        return received.get(block);
    }

    int holderCount(int block) {
        return holderCounts[block];
    }

    boolean isHeldBy(int block, int peer) {
        int base = block * MAX_HOLDERS;
        for (int i = 0; i < holderCounts[block]; i++) {
            if (holders[base + i] == peer) {
                return true;
            }
        }
        return false;
    }

    /** Some block is neither received nor requested from anyone. */
    boolean hasUnrequested() {
        return unrequested > 0;
    }

    boolean isComplete() {
        return receivedCount == blockCount;
    }

    /** Nothing received and nothing requested: the piece counts as not started any more. */
    boolean isIdle() {
        return receivedCount == 0 && heldBlocks == 0;
    }

    /** The first block at or after {@code from} that is neither received nor requested, or -1. */
    int nextUnrequested(int from) {
        if (unrequested == 0) {
            return -1;
        }
        for (int block = received.nextClearBit(from); block < blockCount; block = received.nextClearBit(block + 1)) {
            if (holderCounts[block] == 0) {
                return block;
            }
        }
        return -1;
    }

    void addHolder(int block, int peer) {
        int count = holderCounts[block];
        if (received.get(block) || count == MAX_HOLDERS || isHeldBy(block, peer)) {
            throw new IllegalStateException("block " + block + " of piece " + piece + " cannot be requested from peer "
                    + peer);
        }
        holders[block * MAX_HOLDERS + count] = peer;
        holderCounts[block] = (byte) (count + 1);
        if (count == 0) {
            heldBlocks++;
            unrequested--;
        }
    }

    void removeHolder(int block, int peer) {
        int base = block * MAX_HOLDERS;
        int count = holderCounts[block];
        for (int i = 0; i < count; i++) {
            if (holders[base + i] == peer) {
                holders[base + i] = holders[base + count - 1];
                holderCounts[block] = (byte) (count - 1);
                if (count == 1) {
                    heldBlocks--;
                    unrequested++;
                }
                return;
            }
        }
    }

    /** The peers the block is requested from (a copy). */
    int[] holdersOf(int block) {
        int base = block * MAX_HOLDERS;
        return Arrays.copyOfRange(holders, base, base + holderCounts[block]);
    }

    /** Records the block as arrived, forgetting who it was requested from; false when it already had. */
    boolean markReceived(int block) {
        if (received.get(block)) {
            return false;
        }
        int count = holderCounts[block];
        holderCounts[block] = 0;
        if (count > 0) {
            heldBlocks--;
        } else {
            unrequested--;
        }
        received.set(block);
        receivedCount++;
        return true;
    }
}
