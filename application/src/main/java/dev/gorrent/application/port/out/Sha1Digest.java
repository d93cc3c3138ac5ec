package dev.gorrent.application.port.out;

/** One SHA-1 computation at a time, started afresh by each {@link #digest()}; confined to one thread. */
public interface Sha1Digest {
    /** Adds the first {@code length} bytes of {@code data}. */
    void update(byte[] data, int length);

    /** The 20-byte SHA-1 of everything added since the last call (or since creation); then starts afresh. */
    byte[] digest();
}
