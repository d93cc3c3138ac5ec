package dev.gorrent.domain.metainfo;

import java.util.Locale;

/**
 * Piece lengths for new torrents: the automatic choice, and the sizes a user may ask for. Every
 * piece length is a power of two of at least 16 KiB, the block size peers request, so a piece is a
 * whole number of blocks.
 */
public final class PieceSizes {
    public static final int MIN = 16 * 1024;
    /** The automatic choice stops here: larger pieces make every hash failure and every request costlier. */
    public static final int MAX_AUTOMATIC = 16 * 1024 * 1024;
    /** Downloaders hold whole pieces in memory, so an explicit size is capped too, if higher. */
    public static final int MAX = 128 * 1024 * 1024;
    /** The automatic choice aims for at most this many pieces, and so for over half of it. */
    public static final int TARGET_MAX_PIECES = 2000;

    private static final String FORMS =
            "use a number of bytes, or a number with K or M (binary units), such as 256K or 1M";

    private PieceSizes() {
    }

    /**
     * The smallest power of two from {@link #MIN} to {@link #MAX_AUTOMATIC} that cuts {@code totalLength}
     * bytes into at most {@link #TARGET_MAX_PIECES} pieces (1000 to 2000 when neither bound applies),
     * much as libtorrent chooses.
     */
    public static int automatic(long totalLength) {
        if (totalLength < 0) {
            throw new IllegalArgumentException("total length " + totalLength + " is negative");
        }
        int size = MIN;
        while (size < MAX_AUTOMATIC && pieceCount(totalLength, size) > TARGET_MAX_PIECES) {
            size <<= 1;
        }
        return size;
    }

    /** Whether a user may ask for this piece length: a power of two from {@link #MIN} to {@link #MAX}. */
    public static boolean isAllowed(long pieceLength) {
        return pieceLength >= MIN && pieceLength <= MAX && Long.bitCount(pieceLength) == 1;
    }

    /** How many pieces {@code totalLength} bytes make: all full but the last. */
    public static long pieceCount(long totalLength, int pieceLength) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is not positive");
        }
        return totalLength / pieceLength + (totalLength % pieceLength == 0 ? 0 : 1);
    }

    /**
     * Reads a piece size as a user writes it: {@code 262144}, {@code 256K}, {@code 256KiB}, {@code 1M},
     * {@code 16MiB} (case ignored; K and M are 1024 and 1024², with or without {@code B} or {@code iB}).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text} and what would do
     */
    public static int parse(String text) {
        String trimmed = text.strip();
        int digits = 0;
        while (digits < trimmed.length() && trimmed.charAt(digits) >= '0' && trimmed.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("piece size '" + text + "' is not a size: " + FORMS);
        }
        long multiplier = multiplier(trimmed.substring(digits), text);
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(trimmed.substring(0, digits)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("piece size '" + text + "' is above the " + describe(MAX)
                    + " maximum", e);
        }
        return requireAllowed(bytes, text);
    }

    /** A piece length in the largest binary unit that divides it exactly, such as 256 KiB or 1 MiB. */
    public static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    private static long multiplier(String unit, String text) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b":
                return 1;
            case "k", "kb", "kib":
                return 1024;
            case "m", "mb", "mib":
                return 1024 * 1024;
            case "g", "gb", "gib":
                return 1024L * 1024 * 1024;
            default:
                throw new IllegalArgumentException("piece size '" + text + "' has an unknown unit '" + unit + "': "
                        + FORMS);
        }
    }

    private static int requireAllowed(long bytes, String text) {
        if (bytes < MIN) {
            throw new IllegalArgumentException("piece size '" + text + "' is below the " + describe(MIN) + " minimum");
        }
        if (bytes > MAX) {
            throw new IllegalArgumentException("piece size '" + text + "' is above the " + describe(MAX) + " maximum");
        }
        if (Long.bitCount(bytes) != 1) {
            long below = Long.highestOneBit(bytes);
            throw new IllegalArgumentException("piece size '" + text + "' is not a power of two; try "
                    + describe(below) + " or " + describe(below << 1));
        }
        return (int) bytes;
    }
}
