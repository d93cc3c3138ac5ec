package dev.gorrent.domain.peer;

import dev.gorrent.domain.piece.BlockRef;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The hand-written equals and hashCode of the values used as hash keys on the hot path. */
class ValueIdentityTest {
    @Test
    void blocksAreEqualExactlyWhenPieceOffsetAndLengthAre() {
        BlockRef block = new BlockRef(3, 16384, 16384);

        assertEquals(block, new BlockRef(3, 16384, 16384));
        assertEquals(block.hashCode(), new BlockRef(3, 16384, 16384).hashCode());
        for (BlockRef other : List.of(new BlockRef(4, 16384, 16384), new BlockRef(3, 0, 16384),
                new BlockRef(3, 16384, 100))) {
            assertNotEquals(block, other);
        }
        assertNotEquals(block, null);
        assertNotEquals(block, "3/16384+16384");
    }

    @Test
    void blocksOfATorrentSpreadOverDistinctHashes() {
        Set<Integer> hashes = new HashSet<>();
        for (int piece = 0; piece < 100; piece++) {
            for (int offset = 0; offset < 64 * 16384; offset += 16384) {
                hashes.add(new BlockRef(piece, offset, 16384).hashCode());
            }
        }
        assertEquals(6400, hashes.size());
    }

    @Test
    void addressesAreEqualExactlyWhenHostAndPortAre() {
        PeerAddress address = new PeerAddress("10.0.0.1", 6881);

        assertEquals(address, new PeerAddress("10.0.0.1", 6881));
        assertEquals(address.hashCode(), new PeerAddress("10.0.0.1", 6881).hashCode());
        assertNotEquals(address, new PeerAddress("10.0.0.2", 6881));
        assertNotEquals(address, new PeerAddress("10.0.0.1", 6882));
        assertNotEquals(address, null);
    }
}
