package dev.gorrent.application.service;

import dev.gorrent.domain.metainfo.PieceHashes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks a piece's bytes against its expected SHA-1. Thread-safe: a digest per thread. */
final class PieceVerifier {
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(PieceVerifier::newSha1);

    private final PieceHashes hashes;

    PieceVerifier(PieceHashes hashes) {
        this.hashes = hashes;
    }

    boolean matches(int piece, byte[] data, int length) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(data, 0, length);
        return hashes.matches(piece, sha1.digest());
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-1", e);
        }
    }
}
