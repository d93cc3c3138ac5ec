package dev.gorrent.application.port.in;

/**
 * Hears how far the hashing of a new torrent has got. Called from the hashing threads, one call at a
 * time (the caller holds a lock), with growing counts: return quickly.
 */
@FunctionalInterface
public interface HashingProgress {
    /** Hears nothing. */
    HashingProgress NONE = (hashedBytes, totalBytes) -> { };

    /** {@code hashedBytes} of {@code totalBytes} are hashed; the last call has both equal. */
    void hashed(long hashedBytes, long totalBytes);
}
