package dev.gorrent.wire;

/** Turns byte counts into words for error messages. */
final class Sizes {
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;

    private Sizes() {
    }

    static String describe(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }
}
