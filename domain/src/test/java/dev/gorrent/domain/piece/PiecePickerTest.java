package dev.gorrent.domain.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static final int BLOCK = PieceGeometry.BLOCK_SIZE;
    /** Eight pieces of two blocks each: small enough to follow every piece the picker starts. */
    private static final PieceGeometry EIGHT_TWO_BLOCK_PIECES = new PieceGeometry(8L * 2 * BLOCK, 2 * BLOCK);
    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;

    private static PiecePicker picker(PieceGeometry geometry, long seed) {
        return new PiecePicker(geometry, new Bitfield(geometry.pieceCount()), new SplittableRandom(seed));
    }

    private static Bitfield pieces(int size, int... indexes) {
        Bitfield bits = new Bitfield(size);
        for (int index : indexes) {
            bits.set(index);
        }
        return bits;
    }

    private static List<Integer> piecesOf(List<BlockRef> blocks) {
        return blocks.stream().map(BlockRef::piece).toList();
    }

    @Test
    void rarestPieceComesFirstWhateverTheSeed() {
        PieceGeometry oneBlockPieces = new PieceGeometry(4L * BLOCK, BLOCK);
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker picker = picker(oneBlockPieces, seed);
            picker.peerJoined(A, Bitfield.full(4));
            picker.peerJoined(B, pieces(4, 0, 1, 3));
            picker.peerJoined(C, pieces(4, 0, 3));
            // availability: piece 0 -> 3, 1 -> 2, 2 -> 1, 3 -> 3
            assertEquals(List.of(new BlockRef(2, 0, BLOCK), new BlockRef(1, 0, BLOCK)), picker.pick(A, 2),
                    "seed " + seed);
            assertEquals(Set.of(0, 3), Set.copyOf(piecesOf(picker.pick(A, 2))), "seed " + seed);
        }
    }

    @Test
    void availabilityFollowsJoinsHavesAndLeaves() {
        PiecePicker picker = picker(new PieceGeometry(4L * BLOCK, BLOCK), 1);
        picker.peerJoined(A, pieces(4, 0, 1));
        picker.peerJoined(B, pieces(4, 1));
        picker.peerHas(B, 2);
        picker.peerHas(B, 2);
        assertEquals(List.of(1, 2, 1, 0), List.of(picker.availability(0), picker.availability(1),
                picker.availability(2), picker.availability(3)));
        picker.peerLeft(A);
        assertEquals(List.of(0, 1, 1, 0), List.of(picker.availability(0), picker.availability(1),
                picker.availability(2), picker.availability(3)));
        picker.peerJoined(C, Bitfield.full(4));
        // now 1, 2, 2, 1: pieces 0 and 3 are the rarest
        assertEquals(List.of(new BlockRef(0, 0, BLOCK), new BlockRef(3, 0, BLOCK)), sortedByPiece(picker.pick(C, 2)));
    }

    private static List<BlockRef> sortedByPiece(List<BlockRef> blocks) {
        return blocks.stream().sorted((x, y) -> Integer.compare(x.piece(), y.piece())).toList();
    }

    @Test
    void tieBreakIsRandomButRepeatableForASeed() {
        PieceGeometry oneBlockPieces = new PieceGeometry(8L * BLOCK, BLOCK);
        Set<Integer> firstPicks = new TreeSet<>();
        for (long seed = 0; seed < 100; seed++) {
            int first = firstPick(oneBlockPieces, seed);
            assertTrue(first < 4, "pieces 0..3 are the rarest, got " + first + " for seed " + seed);
            assertEquals(first, firstPick(oneBlockPieces, seed), "same seed, same choice");
            firstPicks.add(first);
        }
        assertEquals(Set.of(0, 1, 2, 3), firstPicks, "every tied piece is chosen for some seed");
    }

    private static int firstPick(PieceGeometry geometry, long seed) {
        PiecePicker picker = picker(geometry, seed);
        picker.peerJoined(A, Bitfield.full(8));
        picker.peerJoined(B, pieces(8, 4, 5, 6, 7));
        return picker.pick(A, 1).get(0).piece();
    }

    @Test
    void startedPieceIsFinishedBeforeRarerOnes() {
        PieceGeometry geometry = new PieceGeometry(16L * BLOCK, 4 * BLOCK);
        PiecePicker picker = picker(geometry, 7);
        picker.peerJoined(A, Bitfield.full(4));
        picker.peerJoined(B, pieces(4, 0, 1, 3));
        assertEquals(List.of(new BlockRef(2, 0, BLOCK)), picker.pick(A, 1));
        // Piece 2 becomes the most common piece, yet it is started, so its rest comes first.
        picker.peerJoined(C, pieces(4, 2));
        picker.peerJoined(D, pieces(4, 2));
        assertEquals(List.of(new BlockRef(2, BLOCK, BLOCK), new BlockRef(2, 2 * BLOCK, BLOCK),
                new BlockRef(2, 3 * BLOCK, BLOCK)), picker.pick(A, 3));
        assertFalse(piecesOf(picker.pick(A, 4)).contains(2));
    }

    @Test
    void startedPieceOfAnotherPeerIsFinishedByWhoeverHasIt() {
        PieceGeometry geometry = new PieceGeometry(12L * BLOCK, 4 * BLOCK);
        PiecePicker picker = picker(geometry, 3);
        picker.peerJoined(A, Bitfield.full(3));
        picker.peerJoined(B, pieces(3, 0, 1));
        picker.peerJoined(C, pieces(3, 0, 1));
        List<BlockRef> first = picker.pick(B, 2);
        int started = first.get(0).piece();
        assertEquals(List.of(started, started), piecesOf(first));
        // Piece 2 is rarer, but C lacks it; C must first take the rest of B's unfinished piece.
        assertEquals(List.of(new BlockRef(started, 2 * BLOCK, BLOCK), new BlockRef(started, 3 * BLOCK, BLOCK)),
                picker.pick(C, 2));
    }

    @Test
    void noBlockIsRequestedTwiceBeforeEndgame() {
        PieceGeometry geometry = new PieceGeometry(20L * 4 * BLOCK, 4 * BLOCK);
        PiecePicker picker = picker(geometry, 11);
        for (int peer : List.of(A, B, C)) {
            picker.peerJoined(peer, Bitfield.full(20));
        }
        List<BlockRef> all = new ArrayList<>();
        all.addAll(picker.pick(A, 30));
        all.addAll(picker.pick(B, 30));
        all.addAll(picker.pick(C, 19));
        assertEquals(79, all.size());
        assertEquals(79, new HashSet<>(all).size(), "no duplicates");
        assertFalse(picker.inEndgame());
        List<BlockRef> last = picker.pick(C, 1);
        assertEquals(1, last.size());
        assertFalse(all.contains(last.get(0)));
        assertTrue(picker.inEndgame());

        List<BlockRef> duplicates = picker.pick(A, 5);
        assertEquals(5, duplicates.size());
        Set<BlockRef> ofA = Set.copyOf(all.subList(0, 30));
        for (BlockRef block : duplicates) {
            assertFalse(ofA.contains(block), "never a block A already has outstanding: " + block);
        }
    }

    @Test
    void endgameDuplicatesAreCappedAndCancelledOnArrival() {
        PieceGeometry geometry = new PieceGeometry(2L * BLOCK, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 5);
        for (int peer : List.of(A, B, C, D)) {
            picker.peerJoined(peer, Bitfield.full(1));
        }
        BlockRef first = new BlockRef(0, 0, BLOCK);
        BlockRef second = new BlockRef(0, BLOCK, BLOCK);
        assertFalse(picker.inEndgame());
        assertEquals(List.of(first, second), picker.pick(A, 2));
        assertTrue(picker.inEndgame());
        assertEquals(List.of(first, second), picker.pick(B, 5));
        assertEquals(List.of(), picker.pick(B, 5), "B has both outstanding already");
        assertEquals(List.of(first, second), picker.pick(C, 2));
        assertEquals(List.of(), picker.pick(D, 2), "three holders is the cap");

        PiecePicker.BlockArrival fromB = picker.blockReceived(B, first);
        assertTrue(fromB.wasNew());
        assertFalse(fromB.pieceComplete());
        assertEquals(Set.of(A, C), Set.copyOf(fromB.peersToCancel()));
        assertEquals(List.of(second), picker.outstanding(A));

        PiecePicker.BlockArrival lateFromA = picker.blockReceived(A, first);
        assertFalse(lateFromA.wasNew());
        assertEquals(List.of(), lateFromA.peersToCancel());

        PiecePicker.BlockArrival fromC = picker.blockReceived(C, second);
        assertTrue(fromC.wasNew());
        assertTrue(fromC.pieceComplete());
        assertEquals(Set.of(A, B), Set.copyOf(fromC.peersToCancel()));
        for (int peer : List.of(A, B, C, D)) {
            assertEquals(List.of(), picker.outstanding(peer));
        }
        assertFalse(picker.inEndgame());
        assertFalse(picker.isComplete(), "not before the hash check");
        picker.pieceVerified(0);
        assertTrue(picker.isComplete());
    }

    @Test
    void endgameGivesTheLeastDuplicatedBlocksFirst() {
        PieceGeometry geometry = new PieceGeometry(2L * BLOCK, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 5);
        for (int peer : List.of(A, B, C)) {
            picker.peerJoined(peer, Bitfield.full(1));
        }
        assertEquals(2, picker.pick(A, 2).size());
        assertTrue(picker.inEndgame());
        assertEquals(List.of(new BlockRef(0, 0, BLOCK)), picker.pick(B, 1));
        // Block 0 now has two holders, block 1 only A: C gets block 1 first.
        assertEquals(List.of(new BlockRef(0, BLOCK, BLOCK)), picker.pick(C, 1));
        assertEquals(List.of(new BlockRef(0, 0, BLOCK)), picker.pick(C, 1));
    }

    @Test
    void newPieceLimitBoundsThePiecesInFlight() {
        PiecePicker picker = picker(EIGHT_TWO_BLOCK_PIECES, 3);
        picker.peerJoined(A, Bitfield.full(8));
        List<BlockRef> first = picker.pick(A, 100, 2);
        assertEquals(4, first.size(), "two pieces of two blocks");
        assertEquals(2, picker.startedCount());
        assertEquals(List.of(), picker.pick(A, 100, 0), "a busy peer starts nothing beyond the limit");
        picker.blockReceived(A, first.get(0));
        assertEquals(2, piecesOf(picker.pick(A, 100, 1)).size(), "one more piece when the caller allows it");
        assertEquals(3, picker.startedCount());
    }

    @Test
    void idlePeerMayStartOnePieceBeyondTheLimit() {
        PiecePicker picker = picker(EIGHT_TWO_BLOCK_PIECES, 4);
        picker.peerJoined(A, pieces(8, 0));
        picker.peerJoined(B, pieces(8, 5, 6));
        assertEquals(List.of(0, 0), piecesOf(picker.pick(A, 100, 1)));
        List<BlockRef> forB = picker.pick(B, 100, 0);
        assertEquals(2, forB.size(), "B cannot help with piece 0 and has nothing outstanding");
        assertEquals(1, Set.copyOf(piecesOf(forB)).size(), "but only one piece");
        assertEquals(List.of(), picker.pick(B, 100, 0), "with requests outstanding it waits");
    }

    @Test
    void aNegativeLimitStartsNothingEvenForAnIdlePeer() {
        PiecePicker picker = picker(EIGHT_TWO_BLOCK_PIECES, 6);
        picker.peerJoined(A, Bitfield.full(8));

        assertEquals(List.of(), picker.pick(A, 100, -1));
        assertEquals(0, picker.startedCount());
        assertEquals(2, picker.pick(A, 100, 0).size(), "a limit of zero still lets an idle peer start one");
    }

    @Test
    void aPeerThatDrainedItsRequestsDoesNotStartPiecesBeyondTheLimitWhileItHasStartedOnes() {
        PiecePicker picker = picker(EIGHT_TWO_BLOCK_PIECES, 5);
        picker.peerJoined(A, Bitfield.full(8));
        List<BlockRef> first = picker.pick(A, 3, 2);
        first.forEach(block -> picker.blockReceived(A, block));

        List<BlockRef> rest = picker.pick(A, 100, 0);
        assertEquals(1, rest.size(), "only the rest of its started piece, although nothing is outstanding");
        rest.forEach(block -> picker.blockReceived(A, block));
        assertEquals(0, picker.startedCount());
        assertEquals(2, picker.pick(A, 100, 1).size(), "with room, one new piece");
    }

    @Test
    void chokeReleasesOutstandingBlocksToOthers() {
        PieceGeometry geometry = new PieceGeometry(8L * BLOCK, 4 * BLOCK);
        PiecePicker picker = picker(geometry, 2);
        picker.peerJoined(A, Bitfield.full(2));
        picker.peerJoined(B, Bitfield.full(2));
        List<BlockRef> ofA = picker.pick(A, 4);
        int piece = ofA.get(0).piece();
        assertTrue(picker.blockReceived(A, ofA.get(0)).wasNew());
        picker.peerChoked(A);
        assertEquals(List.of(), picker.outstanding(A));
        assertEquals(ofA.subList(1, 4), picker.pick(B, 3), "B takes over the started piece " + piece);
        assertFalse(picker.inEndgame());
    }

    @Test
    void chokeBeforeAnyArrivalUnstartsThePiece() {
        PieceGeometry geometry = new PieceGeometry(8L * BLOCK, 4 * BLOCK);
        PiecePicker picker = picker(geometry, 2);
        picker.peerJoined(A, Bitfield.full(2));
        picker.peerJoined(B, Bitfield.full(2));
        int piece = picker.pick(A, 2).get(0).piece();
        picker.peerChoked(A);
        // Were the piece still started, B would be handed its blocks; unstarted, rarest-first decides.
        picker.peerJoined(C, pieces(2, piece));
        assertEquals(List.of(new BlockRef(1 - piece, 0, BLOCK)), picker.pick(B, 1));
    }

    @Test
    void leavingPeerReleasesItsBlocksAndItsIdCanBeReused() {
        PieceGeometry geometry = new PieceGeometry(2L * BLOCK, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 2);
        picker.peerJoined(A, Bitfield.full(1));
        picker.peerJoined(B, Bitfield.full(1));
        assertEquals(2, picker.pick(A, 2).size());
        picker.peerLeft(A);
        assertEquals(1, picker.availability(0));
        assertThrows(IllegalArgumentException.class, () -> picker.pick(A, 1));
        assertFalse(picker.inEndgame(), "A's blocks are requestable again");
        assertEquals(2, picker.pick(B, 2).size());
        picker.peerJoined(A, Bitfield.full(1));
        assertEquals(2, picker.availability(0));
        picker.peerLeft(C); // never joined: nothing to do
    }

    @Test
    void failedPieceIsFetchedAgain() {
        PieceGeometry geometry = new PieceGeometry(2L * BLOCK, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 2);
        picker.peerJoined(A, Bitfield.full(1));
        List<BlockRef> blocks = picker.pick(A, 2);
        assertFalse(picker.blockReceived(A, blocks.get(0)).pieceComplete());
        assertTrue(picker.blockReceived(A, blocks.get(1)).pieceComplete());
        assertEquals(List.of(), picker.pick(A, 2), "complete, waiting for its hash check");
        assertFalse(picker.isInteresting(A));
        assertFalse(picker.inEndgame());

        picker.pieceFailed(0);
        assertTrue(picker.isInteresting(A));
        assertEquals(blocks, picker.pick(A, 2));
        assertTrue(picker.blockReceived(A, blocks.get(0)).wasNew(), "missing again after the failure");
    }

    @Test
    void failingAPieceInFlightDropsItsRequests() {
        PieceGeometry geometry = new PieceGeometry(4L * BLOCK, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 2);
        picker.peerJoined(A, Bitfield.full(2));
        List<BlockRef> blocks = picker.pick(A, 1);
        picker.pieceFailed(blocks.get(0).piece());
        assertEquals(List.of(), picker.outstanding(A));
        assertFalse(picker.blockReceived(A, blocks.get(0)).wasNew(), "nobody is fetching that piece now");
    }

    @Test
    void lastPieceEndsWithAShortBlock() {
        PieceGeometry geometry = new PieceGeometry(2L * 2 * BLOCK + BLOCK + 100, 2 * BLOCK);
        PiecePicker picker = picker(geometry, 9);
        picker.peerJoined(A, pieces(3, 2));
        List<BlockRef> blocks = picker.pick(A, 10);
        assertEquals(List.of(new BlockRef(2, 0, BLOCK), new BlockRef(2, BLOCK, 100)), blocks);
        assertThrows(IllegalArgumentException.class, () -> picker.blockReceived(A, new BlockRef(2, BLOCK, BLOCK)));
        assertThrows(IllegalArgumentException.class, () -> picker.blockReceived(A, new BlockRef(2, 100, BLOCK)));
        assertThrows(IllegalArgumentException.class, () -> picker.blockReceived(A, new BlockRef(3, 0, BLOCK)));
        assertFalse(picker.blockReceived(A, blocks.get(0)).pieceComplete());
        assertTrue(picker.blockReceived(A, blocks.get(1)).pieceComplete());
    }

    @Test
    void peerWithNothingGetsNothingUntilItHasSomething() {
        PiecePicker picker = picker(new PieceGeometry(3L * BLOCK, BLOCK), 4);
        picker.peerJoined(A, new Bitfield(3));
        assertFalse(picker.isInteresting(A));
        assertEquals(List.of(), picker.pick(A, 5));
        assertFalse(picker.inEndgame());
        picker.peerHas(A, 1);
        assertTrue(picker.isInteresting(A));
        assertEquals(List.of(new BlockRef(1, 0, BLOCK)), picker.pick(A, 5));
    }

    @Test
    void blockOfAPieceNobodyWasAskedForIsNotNew() {
        PiecePicker picker = picker(new PieceGeometry(3L * BLOCK, BLOCK), 4);
        picker.peerJoined(A, Bitfield.full(3));
        PiecePicker.BlockArrival arrival = picker.blockReceived(A, new BlockRef(1, 0, BLOCK));
        assertFalse(arrival.wasNew());
        assertFalse(arrival.pieceComplete());
    }

    @Test
    void completionWithPiecesAlreadyOnDisk() {
        PieceGeometry geometry = new PieceGeometry(3L * 2 * BLOCK, 2 * BLOCK);
        PiecePicker picker = new PiecePicker(geometry, pieces(3, 1), new SplittableRandom(8));
        picker.peerJoined(A, Bitfield.full(3));
        assertEquals(pieces(3, 1), picker.have());
        List<BlockRef> blocks = picker.pick(A, 10);
        assertEquals(Set.of(0, 2), Set.copyOf(piecesOf(blocks)), "piece 1 is ours already");
        assertEquals(4, blocks.size());
        for (BlockRef block : blocks) {
            PiecePicker.BlockArrival arrival = picker.blockReceived(A, block);
            if (arrival.pieceComplete()) {
                picker.pieceVerified(block.piece());
            }
        }
        assertTrue(picker.isComplete());
        assertEquals(Bitfield.full(3), picker.have());
        assertFalse(picker.isInteresting(A));
        assertEquals(List.of(), picker.pick(A, 10));
        assertFalse(picker.inEndgame());
        picker.have().clear(0);
        assertTrue(picker.have().get(0), "have() is a copy");
    }

    @Test
    void misuseIsRefused() {
        PieceGeometry geometry = new PieceGeometry(3L * BLOCK, BLOCK);
        assertThrows(IllegalArgumentException.class,
                () -> new PiecePicker(geometry, new Bitfield(4), new SplittableRandom(1)));
        PiecePicker picker = picker(geometry, 1);
        assertThrows(IllegalArgumentException.class, () -> picker.peerJoined(A, new Bitfield(2)));
        picker.peerJoined(A, new Bitfield(3));
        assertThrows(IllegalArgumentException.class, () -> picker.peerJoined(A, new Bitfield(3)));
        assertThrows(IllegalArgumentException.class, () -> picker.pick(B, 1));
        assertThrows(IllegalArgumentException.class, () -> picker.isInteresting(B));
        assertThrows(IndexOutOfBoundsException.class, () -> picker.peerHas(A, 3));
        assertThrows(IllegalArgumentException.class, () -> picker.pick(A, -1));
    }

    @Test
    void emptyTorrentIsCompleteFromTheStart() {
        PiecePicker picker = picker(new PieceGeometry(0, BLOCK), 1);
        picker.peerJoined(A, new Bitfield(0));
        assertTrue(picker.isComplete());
        assertEquals(List.of(), picker.pick(A, 3));
        assertFalse(picker.inEndgame());
    }

    /**
     * A long random run against a plain model of who was asked for what: the picker never hands a peer a
     * block it lacks, already has or already requested; duplicates appear only in endgame; cancels name
     * exactly the other requesters; and the download completes despite chokes, departures and bad hashes.
     */
    @Test
    void randomSwarmKeepsEveryPromise() {
        PieceGeometry geometry = new PieceGeometry(300L * 2 * BLOCK - 5000, 2 * BLOCK);
        int pieceCount = geometry.pieceCount();
        Random random = new Random(42);
        PiecePicker picker = picker(geometry, 42);
        int peerCount = 12;
        Map<Integer, Bitfield> bitfields = new HashMap<>();
        Map<Integer, Set<BlockRef>> asked = new HashMap<>();
        for (int peer = 0; peer < peerCount; peer++) {
            Bitfield bits = new Bitfield(pieceCount);
            for (int piece = 0; piece < pieceCount; piece++) {
                if (piece % peerCount == peer || random.nextInt(10) < 3) {
                    bits.set(piece);
                }
            }
            bitfields.put(peer, bits);
            asked.put(peer, new HashSet<>());
            picker.peerJoined(peer, bits.copy());
        }
        Set<BlockRef> received = new HashSet<>();
        boolean sawEndgame = false;
        for (int step = 0; step < 200_000 && !picker.isComplete(); step++) {
            int peer = random.nextInt(peerCount);
            int action = random.nextInt(100);
            if (action < 55) {
                for (BlockRef block : picker.pick(peer, 1 + random.nextInt(8))) {
                    assertTrue(bitfields.get(peer).get(block.piece()), "peer lacks " + block);
                    assertFalse(received.contains(block), "already received " + block);
                    assertTrue(asked.get(peer).add(block), "asked twice of the same peer " + block);
                    if (askedElsewhere(asked, peer, block)) {
                        assertTrue(picker.inEndgame(), "duplicate outside endgame " + block);
                        sawEndgame = true;
                    }
                }
            } else if (action < 93) {
                if (asked.get(peer).isEmpty()) {
                    continue;
                }
                BlockRef block = asked.get(peer).iterator().next();
                Set<Integer> others = new HashSet<>();
                for (var entry : asked.entrySet()) {
                    if (entry.getValue().remove(block) && entry.getKey() != peer) {
                        others.add(entry.getKey());
                    }
                }
                PiecePicker.BlockArrival arrival = picker.blockReceived(peer, block);
                assertTrue(arrival.wasNew(), "an outstanding block is never received yet: " + block);
                assertTrue(received.add(block));
                assertEquals(others, Set.copyOf(arrival.peersToCancel()));
                if (arrival.pieceComplete()) {
                    for (int b = 0; b < geometry.blockCount(block.piece()); b++) {
                        assertTrue(received.contains(geometry.block(block.piece(), b)));
                    }
                    if (random.nextInt(10) == 0) {
                        picker.pieceFailed(block.piece());
                        received.removeIf(r -> r.piece() == block.piece());
                    } else {
                        picker.pieceVerified(block.piece());
                    }
                }
            } else if (action < 97) {
                picker.peerChoked(peer);
                asked.get(peer).clear();
            } else {
                picker.peerLeft(peer);
                asked.get(peer).clear();
                picker.peerJoined(peer, bitfields.get(peer).copy());
            }
            assertEquals(asked.get(peer), Set.copyOf(picker.outstanding(peer)), "step " + step);
        }
        assertTrue(picker.isComplete());
        assertTrue(sawEndgame);
        assertEquals(pieceCount, picker.have().cardinality());
        assertEquals(Set.of(), asked.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
    }

    private static boolean askedElsewhere(Map<Integer, Set<BlockRef>> asked, int peer, BlockRef block) {
        return asked.entrySet().stream().anyMatch(e -> e.getKey() != peer && e.getValue().contains(block));
    }
}
