package dev.gorrent.application.service;

import dev.gorrent.application.port.out.Sha1Digest;
import dev.gorrent.application.port.out.Sha1Digests;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The JDK's SHA-1, which every Java runtime has. Fast only where the JIT's optimising compiler (C2) may compile it
 * with the CPU's SHA instructions; {@code bin/gorrent} keeps C2 off, and hashes with a native library instead
 * (README, "Performance"). Stateless: each digest belongs to the thread that uses it.
 */
public final class JdkSha1Digests implements Sha1Digests {
    @Override
    public Sha1Digest create() {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-1", e);
        }
        return new Sha1Digest() {
            @Override
            public void update(byte[] data, int length) {
                sha1.update(data, 0, length);
            }

            @Override
            public void update(ByteBuffer data) {
                sha1.update(data);
            }

            @Override
            public byte[] digest() {
                return sha1.digest();
            }
        };
    }
}
