package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.application.port.out.Sha1Digest;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.domain.metainfo.PieceHashes;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Checks a piece's bytes against its expected SHA-1. Thread-safe: a digest per thread. */
final class PieceVerifier {
    private final PieceHashes hashes;
    private final ThreadLocal<Sha1Digest> digest;

    PieceVerifier(PieceHashes hashes, Sha1Digests digests) {
        this.hashes = hashes;
        this.digest = ThreadLocal.withInitial(digests::create);
    }

    /** Whether {@code data} is piece {@code piece}: hashed in one go when it is held in one buffer, else by block. */
    boolean matches(int piece, PieceData data) {
        Sha1Digest sha1 = digest.get();
        Optional<ByteBuffer> whole = data.buffer();
        if (whole.isPresent()) {
            sha1.update(whole.get());
            return hashes.matches(piece, sha1.digest());
        }
        for (int block = 0; block < data.blockCount(); block++) {
            byte[] bytes = data.block(block);
            sha1.update(bytes, bytes.length);
        }
        return hashes.matches(piece, sha1.digest());
    }
}
