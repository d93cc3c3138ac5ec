package dev.gorrent.application.port.out;

/**
 * Where the SHA-1 digests that check pieces come from: the JDK's, or a native library's where the composition root
 * finds one (the same speed, without needing the JIT's optimising compiler; README, "Performance").
 */
public interface Sha1Digests {
    /** A new digest, to be used by one thread at a time. */
    Sha1Digest create();

    /**
     * Readies whatever the digests need, such as loading a native library, ahead of the first piece. Called at the
     * start of each session on a hashing thread, so that the work is off the thread setting the session up; the
     * default does nothing.
     */
    default void prepare() {
    }
}
