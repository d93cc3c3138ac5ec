package dev.gorrent.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.gorrent.application.port.out.Sha1Digest;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A SHA-1 computation in libcrypto; its context lives in native memory the garbage collector frees. One thread. */
final class LibcryptoSha1 implements Sha1Digest {
    private static final int DIGEST_BYTES = 20;
    private static final int OK = 1;

    private final Memory context = new Memory(Libcrypto.CONTEXT_BYTES);

    LibcryptoSha1() {
        start();
    }

    @Override
    public void update(byte[] data, int length) {
        // The native side trusts the length it is given: check it here, or a bad one would read past the array.
        Objects.checkFromIndexSize(0, length, data.length);
        check(Libcrypto.SHA1_Update(context, data, length), "SHA1_Update");
    }

    @Override
    public void update(ByteBuffer data) {
        int length = data.remaining();
        if (length == 0) {
            return;
        }
        if (data.isDirect()) {
            // JNA's pointer is to the buffer's index 0, whatever its position.
            check(Libcrypto.SHA1_Update(context, Native.getDirectBufferPointer(data).share(data.position()), length),
                    "SHA1_Update");
        } else {
            byte[] copy = new byte[length];
            data.duplicate().get(copy);
            update(copy, length);
        }
        data.position(data.limit());
    }

    @Override
    public byte[] digest() {
        byte[] digest = new byte[DIGEST_BYTES];
        check(Libcrypto.SHA1_Final(digest, context), "SHA1_Final");
        start();
        return digest;
    }

    private void start() {
        check(Libcrypto.SHA1_Init(context), "SHA1_Init");
    }

    private static void check(int result, String function) {
        if (result != OK) {
            throw new IllegalStateException("libcrypto's " + function + " failed (returned " + result + ")");
        }
    }
}
