package dev.gorrent.application.port.out;

import java.nio.ByteBuffer;

/** One SHA-1 computation at a time, started afresh by each {@link #digest()}; confined to one thread. */
public interface Sha1Digest {
    /** Adds the first {@code length} bytes of {@code data}. */
    void update(byte[] data, int length);

    /**
     * Adds the bytes from the buffer's position to its limit, and moves the position to the limit. A direct buffer's
     * bytes may be read where they are, without a copy.
     */
    void update(ByteBuffer data);

    /** The 20-byte SHA-1 of everything added since the last call (or since creation); then starts afresh. */
    byte[] digest();
}
