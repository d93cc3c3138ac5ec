package dev.gorrent.domain.metainfo;

import java.security.MessageDigest;
import java.util.Arrays;

/** The SHA-1 of every piece, concatenated as in the info dictionary's {@code pieces} string. */
public final class PieceHashes {
    public static final int HASH_LENGTH = 20;

    private final byte[] concatenated;

    private PieceHashes(byte[] concatenated) {
        this.concatenated = concatenated;
    }

    /** Takes the {@code pieces} string (copied); its length must be a multiple of 20. */
    public static PieceHashes of(byte[] concatenated) {
        if (concatenated.length % HASH_LENGTH != 0) {
            throw new IllegalArgumentException("pieces length " + concatenated.length + " is not a multiple of 20");
        }
        return new PieceHashes(concatenated.clone());
    }

    public int count() {
        return concatenated.length / HASH_LENGTH;
    }

    /** The expected SHA-1 of piece {@code index}. */
    public byte[] hash(int index) {
        int from = index * HASH_LENGTH;
        return Arrays.copyOfRange(concatenated, from, from + HASH_LENGTH);
    }

    /** Compares a computed digest with piece {@code index}'s expected one, in constant time. */
    public boolean matches(int index, byte[] digest) {
        if (index < 0 || index >= count() || digest.length != HASH_LENGTH) {
            return false;
        }
        int from = index * HASH_LENGTH;
        return MessageDigest.isEqual(digest, Arrays.copyOfRange(concatenated, from, from + HASH_LENGTH));
    }

    /** The concatenated string as it stands in the info dictionary. */
    public byte[] toBytes() {
        return concatenated.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PieceHashes that && Arrays.equals(concatenated, that.concatenated);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(concatenated);
    }
}
