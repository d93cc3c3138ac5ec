package dev.gorrent.domain.piece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitfieldTest {

    @Test
    void fromBytesRejectsTooFewAndTooManyBytes() {
        assertThrows(IllegalArgumentException.class, () -> Bitfield.fromBytes(new byte[1], 9));
        assertThrows(IllegalArgumentException.class, () -> Bitfield.fromBytes(new byte[3], 9));
        assertThrows(IllegalArgumentException.class, () -> Bitfield.fromBytes(new byte[1], 0));
        assertEquals(9, Bitfield.fromBytes(new byte[2], 9).size());
    }

    @Test
    void fromBytesRejectsASpareBit() {
        // 10 pieces: the second byte may only use its two high bits.
        assertThrows(IllegalArgumentException.class,
                () -> Bitfield.fromBytes(new byte[] {0, 0b0010_0000}, 10));
        assertThrows(IllegalArgumentException.class,
                () -> Bitfield.fromBytes(new byte[] {0, 0b0000_0001}, 10));
        Bitfield lastPiece = Bitfield.fromBytes(new byte[] {0, 0b0100_0000}, 10);
        assertTrue(lastPiece.get(9));
        assertEquals(1, lastPiece.cardinality());
    }

    @Test
    void fromBytesRejectsANegativeSize() {
        assertThrows(IllegalArgumentException.class, () -> Bitfield.fromBytes(new byte[0], -1));
    }

    @Test
    void highBitOfFirstByteIsPieceZero() {
        Bitfield bits = Bitfield.fromBytes(new byte[] {(byte) 0x80, 0x01}, 16);
        assertTrue(bits.get(0));
        assertFalse(bits.get(1));
        assertTrue(bits.get(15));
        assertEquals(2, bits.cardinality());
    }

    @Test
    void toBytesRoundTripsAndLeavesSpareBitsZero() {
        Bitfield bits = new Bitfield(13);
        bits.set(0);
        bits.set(7);
        bits.set(8);
        bits.set(12);
        byte[] wire = bits.toBytes();
        assertArrayEquals(new byte[] {(byte) 0b1000_0001, (byte) 0b1000_1000}, wire);
        assertEquals(bits, Bitfield.fromBytes(wire, 13));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0b1111_1000}, Bitfield.full(13).toBytes());
    }

    @Test
    void emptyTorrentHasAnEmptyCompleteBitfield() {
        Bitfield none = Bitfield.fromBytes(new byte[0], 0);
        assertEquals(0, none.toBytes().length);
        assertTrue(none.isComplete());
        assertEquals(-1, none.nextClear(0));
    }

    @Test
    void hasAnyMissingFromComparesPieceByPiece() {
        Bitfield ours = new Bitfield(20);
        ours.set(3);
        ours.set(17);
        Bitfield theirs = new Bitfield(20);
        theirs.set(3);
        assertTrue(ours.hasAnyMissingFrom(theirs));
        assertFalse(theirs.hasAnyMissingFrom(ours));
        theirs.set(17);
        assertFalse(ours.hasAnyMissingFrom(theirs));
        assertFalse(new Bitfield(20).hasAnyMissingFrom(theirs));
        assertThrows(IllegalArgumentException.class, () -> ours.hasAnyMissingFrom(new Bitfield(21)));
    }

    @Test
    void nextSetAndNextClearStopAtTheSize() {
        Bitfield bits = Bitfield.full(10);
        bits.clear(4);
        assertEquals(4, bits.nextClear(0));
        assertEquals(-1, bits.nextClear(5));
        assertEquals(5, bits.nextSet(4));
        assertEquals(-1, new Bitfield(10).nextSet(0));
    }

    @Test
    void indexesOutsideTheTorrentAreRefused() {
        Bitfield bits = new Bitfield(8);
        assertThrows(IndexOutOfBoundsException.class, () -> bits.set(8));
        assertThrows(IndexOutOfBoundsException.class, () -> bits.get(-1));
    }

    @Test
    void copyIsIndependent() {
        Bitfield bits = new Bitfield(8);
        Bitfield copy = bits.copy();
        copy.set(2);
        assertFalse(bits.get(2));
        assertTrue(copy.get(2));
    }
}
