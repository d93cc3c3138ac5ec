package dev.gorrent.crypto;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.util.List;
import java.util.Optional;

/**
 * The few functions of OpenSSL's libcrypto that Gorrent calls: SHA-1's init, update and final, through JNA's direct
 * mapping (a JNI call per function, without JNA's reflection). Bound once, when the class initialises; if
 * libcrypto, its functions or JNA itself cannot be loaded, {@link #LOADED} is false and nothing may be called.
 *
 * <p>Why these and not OpenSSL's EVP interface: their context is a plain 96-byte struct that a JNA {@code Memory}
 * holds and the garbage collector frees, where EVP's must be freed by hand. OpenSSL 3 marks them deprecated but
 * still exports them, and they run the same SHA-1 code (with the CPU's SHA instructions where it has them).
 */
final class Libcrypto {
    /** The library's names, newest first: OpenSSL 3, then 1.1, both with the same SHA-1 functions. */
    static final List<String> NAMES = List.of("libcrypto.so.3", "libcrypto.so.1.1");
    /** {@code sizeof(SHA_CTX)} is 96 on 64-bit Linux; allocated with room to spare. */
    static final int CONTEXT_BYTES = 128;
    static final boolean LOADED = bind();

    private Libcrypto() {
    }

    static native int SHA1_Init(Pointer context);

    /** {@code length} is a {@code size_t}: only bound where that is 64 bits, as Java's {@code long}. */
    static native int SHA1_Update(Pointer context, byte[] data, long length);

    /** The same function, reading native memory where it is (a direct buffer's), where the array form copies. */
    static native int SHA1_Update(Pointer context, Pointer data, long length);

    static native int SHA1_Final(byte[] digest, Pointer context);

    /** The first of {@code names} that loads, by the system's library search. */
    static Optional<NativeLibrary> find(List<String> names) {
        for (String name : names) {
            try {
                return Optional.of(NativeLibrary.getInstance(name));
            } catch (UnsatisfiedLinkError e) {
                // Not on this system: try the next name.
            }
        }
        return Optional.empty();
    }

    private static boolean bind() {
        try {
            if (Native.SIZE_T_SIZE != Long.BYTES) {
                return false;
            }
            Optional<NativeLibrary> library = find(NAMES);
            if (library.isEmpty()) {
                return false;
            }
            Native.register(Libcrypto.class, library.get());
            return true;
        } catch (LinkageError | IllegalArgumentException | IllegalStateException e) {
            // JNA's own native part would not load (a temporary folder mounted noexec, say), or a function is missing.
            return false;
        }
    }
}
