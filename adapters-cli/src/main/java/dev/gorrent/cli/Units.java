package dev.gorrent.cli;

import java.util.Locale;

/** Human-readable sizes, rates and durations (binary units, as file managers show them). */
public final class Units {
    private static final String[] SIZES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    public static String bytes(long count) {
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < SIZES.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, SIZES[unit]);
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
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
