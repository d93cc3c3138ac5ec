package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.domain.metainfo.PieceHashes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks a piece's bytes against its expected SHA-1. Thread-safe: a digest per thread. */
final class PieceVerifier {
    private static final int WARM_UP_MIB = 8;
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(PieceVerifier::newSha1);

    private final PieceHashes hashes;

    PieceVerifier(PieceHashes hashes) {
        this.hashes = hashes;
    }

    /** Whether the first {@code length} bytes of {@code data} are piece {@code piece}. */
    boolean matches(int piece, byte[] data, int length) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(data, 0, length);
        return hashes.matches(piece, sha1.digest());
    }

    /** Whether {@code data} is piece {@code piece}, hashed block by block. */
    boolean matches(int piece, PieceData data) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        for (int block = 0; block < data.blockCount(); block++) {
            sha1.update(data.block(block));
        }
        return hashes.matches(piece, sha1.digest());
    }

    /**
     * Hashes a few MiB of nothing, so that the JIT compiles SHA-1 (with the CPU's SHA intrinsic) before the
     * first piece arrives: until then hashing runs several times slower, just when a download starts.
     */
    static void warmUp() {
        byte[] nothing = new byte[1 << 20];
        MessageDigest sha1 = SHA1.get();
        for (int round = 0; round < WARM_UP_MIB; round++) {
            sha1.update(nothing);
        }
        sha1.reset();
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-1", e);
        }
    }
}
