package dev.gorrent.cli;

import java.util.Locale;

/** Human-readable sizes, rates and durations (binary units, as file managers show them). */
public final class Units {
    private static final String[] SIZES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /**
     * "1.5 KiB": one decimal, rounded half up. In integers rather than with {@code String.format}, whose
     * formatting of a double is slow before the JIT compiles it: {@code info} on a torrent of 2,000 files spent
     * a third of its time there.
     */
    public static String bytes(long count) {
        int unit = 0;
        while (unit < SIZES.length - 1 && count >= 1L << (10 * (unit + 1))) {
            unit++;
        }
        if (unit == 0) {
            return count + " B";
        }
        int shift = 10 * unit;
        long whole = count >>> shift;
        long fraction = count & ((1L << shift) - 1);
        // fraction < 2^50, so ten times it still fits in a long.
        long tenths = (fraction * 10 + (1L << (shift - 1))) >>> shift;
        return (whole + tenths / 10) + "." + (tenths % 10) + " " + SIZES[unit];
    }

    public static String rate(long bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    /** h:mm:ss or m:ss; "-" when unknown. */
    public static String duration(long seconds) {
        if (seconds < 0) {
            return "-";
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
