package dev.gorrent.crypto;

import dev.gorrent.application.port.out.Sha1Digest;
import dev.gorrent.application.port.out.Sha1Digests;

import java.util.function.BooleanSupplier;

/**
 * SHA-1 from the system's OpenSSL library (libcrypto, present wherever OpenSSL 3 or 1.1 is installed), else from
 * the fallback it is given.
 *
 * <p>Why: the JDK's SHA-1 is as fast only once the JIT's optimising compiler (C2) has compiled it with the CPU's SHA
 * instructions, and {@code bin/gorrent} runs the JVM without C2, whose compiling cost more than it gained on the
 * rest of the code (README, "Performance"). libcrypto hashes at the same speed from the first piece (1.83 GB/s
 * against the JDK's 1.85 on one core here).
 *
 * <p>Threads: any thread may create digests; the library is loaded once, by the first thread that needs it
 * ({@link #prepare} on a hashing thread, at the start of a session).
 */
public final class OpenSslSha1Digests implements Sha1Digests {
    private final Sha1Digests fallback;
    private final BooleanSupplier loaded;

    /** Digests from libcrypto, or from {@code fallback} where libcrypto cannot be loaded. */
    public OpenSslSha1Digests(Sha1Digests fallback) {
        this(fallback, () -> Libcrypto.LOADED);
    }

    /** With {@code loaded} telling whether libcrypto is there, so tests can take it away. */
    OpenSslSha1Digests(Sha1Digests fallback, BooleanSupplier loaded) {
        this.fallback = fallback;
        this.loaded = loaded;
    }

    @Override
    public Sha1Digest create() {
        return loaded.getAsBoolean() ? new LibcryptoSha1() : fallback.create();
    }

    @Override
    public void prepare() {
        // The first call loads JNA and libcrypto; the fallback needs readying only when it is what hashes.
        if (!loaded.getAsBoolean()) {
            fallback.prepare();
        }
    }

    /** Whether digests come from libcrypto (loading it, the first time). */
    boolean isNative() {
        return loaded.getAsBoolean();
    }
}
