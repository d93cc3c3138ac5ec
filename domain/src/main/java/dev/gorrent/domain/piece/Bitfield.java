package dev.gorrent.domain.piece;

import java.util.BitSet;

/**
 * Which of a torrent's pieces someone has: one bit per piece, high bit of the first byte is piece 0
 * (BEP 3). Mutable and not thread-safe: its owner guards it.
 */
public final class Bitfield {
    private final int size;
    private final BitSet bits;

    public Bitfield(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("bitfield size " + size + " is negative");
        }
        this.size = size;
        this.bits = new BitSet(size);
    }

    private Bitfield(int size, BitSet bits) {
        this.size = size;
        this.bits = bits;
    }

    /** A bitfield with every piece set. */
    public static Bitfield full(int size) {
        Bitfield all = new Bitfield(size);
        all.bits.set(0, size);
        return all;
    }

    /**
     * Reads the wire form for a torrent of {@code size} pieces.
     *
     * @throws IllegalArgumentException when the length is not {@code ceil(size / 8)} or a spare bit is set
     */
    public static Bitfield fromBytes(byte[] wire, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("bitfield size " + size + " is negative");
        }
        int expected = byteLength(size);
        if (wire.length != expected) {
            throw new IllegalArgumentException("bitfield of " + wire.length + " bytes for " + size
                    + " pieces (expected " + expected + ")");
        }
        BitSet bits = new BitSet(size);
        for (int i = 0; i < wire.length; i++) {
            int b = wire[i] & 0xff;
            for (int bit = 0; bit < 8 && b != 0; bit++) {
                if ((b & (0x80 >>> bit)) != 0) {
                    int index = i * 8 + bit;
                    if (index >= size) {
                        throw new IllegalArgumentException("bitfield sets spare bit " + index + " beyond " + size
                                + " pieces");
                    }
                    bits.set(index);
                }
            }
        }
        return new Bitfield(size, bits);
    }

    public static int byteLength(int size) {
        return (size + 7) / 8;
    }

    public int size() {
        return size;
    }

    public boolean get(int index) {
        checkIndex(index);
        return bits.get(index);
    }

    public void set(int index) {
        checkIndex(index);
        bits.set(index);
    }

    public void clear(int index) {
        checkIndex(index);
        bits.clear(index);
    }

    /** How many pieces are set. */
    public int cardinality() {
        return bits.cardinality();
    }

    public boolean isComplete() {
        return bits.cardinality() == size;
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** The first set index at or after {@code from}, or -1. */
    public int nextSet(int from) {
        int next = bits.nextSetBit(from);
        return next >= size ? -1 : next;
    }

    /** The first clear index at or after {@code from}, or -1 when every piece from there on is set. */
    public int nextClear(int from) {
        int next = bits.nextClearBit(from);
        return next >= size ? -1 : next;
    }

    /** True when {@code this} has a piece that {@code other} lacks: what makes us interesting to its owner. */
    public boolean hasAnyMissingFrom(Bitfield other) {
        checkSameSize(other);
        BitSet mine = (BitSet) bits.clone();
        mine.andNot(other.bits);
        return !mine.isEmpty();
    }

    public Bitfield copy() {
        return new Bitfield(size, (BitSet) bits.clone());
    }

    /** The wire form: {@code ceil(size / 8)} bytes, spare bits zero. */
    public byte[] toBytes() {
        byte[] wire = new byte[byteLength(size)];
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            wire[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return wire;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bitfield that && size == that.size && bits.equals(that.bits);
    }

    @Override
    public int hashCode() {
        return 31 * size + bits.hashCode();
    }

    @Override
    public String toString() {
        return "Bitfield[" + cardinality() + "/" + size + "]";
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("piece " + index + " is not in 0.." + (size - 1));
        }
    }

    private void checkSameSize(Bitfield other) {
        if (other.size != size) {
            throw new IllegalArgumentException("bitfields of " + size + " and " + other.size + " pieces");
        }
    }
}
