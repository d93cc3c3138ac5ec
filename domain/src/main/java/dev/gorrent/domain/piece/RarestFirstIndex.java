package dev.gorrent.domain.piece;

import java.util.Arrays;
import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Availability of every piece, plus the needed pieces nobody is fetching yet, kept in one bucket per
 * availability. Each bucket is a uniformly random permutation of its pieces (every insertion lands at a
 * random slot, removal swaps the last entry into the hole), so taking the first match in the lowest bucket
 * is rarest-first with a random tie-break and costs O(1) per availability change instead of a re-sort.
 */
final class RarestFirstIndex {
    private static final int MIN_CAPACITY = 16;

    private final int[] availability;
    /** Index of each member inside its bucket, -1 for pieces that are not members. */
    private final int[] slot;
    private final BitSet members;
    private final RandomGenerator random;
    private int[][] buckets = new int[4][];
    private int[] bucketSizes = new int[4];
    private int size;

    RarestFirstIndex(int pieceCount, RandomGenerator random) {
        this.availability = new int[pieceCount];
        this.slot = new int[pieceCount];
        Arrays.fill(slot, -1);
        this.members = new BitSet(pieceCount);
        this.random = random;
    }

    int availability(int piece) {
        return availability[piece];
    }

    boolean contains(int piece) {
        return members.get(piece);
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(int piece) {
        if (members.get(piece)) {
            return;
        }
        members.set(piece);
        size++;
        attach(piece);
    }

    void remove(int piece) {
        if (!members.get(piece)) {
            return;
        }
        detach(piece);
        members.clear(piece);
        size--;
    }

    /** One more joined peer has the piece. */
    void increment(int piece) {
        boolean member = members.get(piece);
        if (member) {
            detach(piece);
        }
        availability[piece]++;
        if (member) {
            attach(piece);
        }
    }

    /** One peer that had the piece left. */
    void decrement(int piece) {
        if (availability[piece] == 0) {
            throw new IllegalStateException("availability of piece " + piece + " would drop below zero");
        }
        boolean member = members.get(piece);
        if (member) {
            detach(piece);
        }
        availability[piece]--;
        if (member) {
            attach(piece);
        }
    }

    /** The rarest member that {@code held} contains, or -1 when it contains none. */
    int rarestAmong(BitSet held) {
        if (!held.intersects(members)) {
            return -1;
        }
        // Bucket 0 is skipped: a piece a joined peer holds has availability of at least one.
        for (int level = 1; level < buckets.length; level++) {
            int[] bucket = buckets[level];
            int count = bucketSizes[level];
            for (int i = 0; i < count; i++) {
                int piece = bucket[i];
                if (held.get(piece)) {
                    return piece;
                }
            }
        }
        return -1;
    }

    private void attach(int piece) {
        int level = availability[piece];
        int[] bucket = bucketWithRoomAt(level);
        int count = bucketSizes[level];
        int target = random.nextInt(count + 1);
        if (target != count) {
            int displaced = bucket[target];
            bucket[count] = displaced;
            slot[displaced] = count;
        }
        bucket[target] = piece;
        slot[piece] = target;
        bucketSizes[level] = count + 1;
    }

    private void detach(int piece) {
        int level = availability[piece];
        int[] bucket = buckets[level];
        int last = bucketSizes[level] - 1;
        int index = slot[piece];
        int moved = bucket[last];
        bucket[index] = moved;
        slot[moved] = index;
        slot[piece] = -1;
        bucketSizes[level] = last;
        // A piece seen by every peer passes through every level once; shrinking keeps that from
        // leaving (peers x pieces) ints behind.
        if (bucket.length > MIN_CAPACITY && last < bucket.length / 4) {
            buckets[level] = Arrays.copyOf(bucket, bucket.length / 2);
        }
    }

    private int[] bucketWithRoomAt(int level) {
        if (level >= buckets.length) {
            int grown = Math.max(level + 1, buckets.length * 2);
            buckets = Arrays.copyOf(buckets, grown);
            bucketSizes = Arrays.copyOf(bucketSizes, grown);
        }
        int[] bucket = buckets[level];
        if (bucket == null) {
            bucket = new int[MIN_CAPACITY];
            buckets[level] = bucket;
        } else if (bucketSizes[level] == bucket.length) {
            bucket = Arrays.copyOf(bucket, bucket.length * 2);
            buckets[level] = bucket;
        }
        return bucket;
    }
}
