package dev.gorrent.cli.hostile;

import java.nio.charset.StandardCharsets;

/**
 * Writes bencode by hand, exactly as told: unsorted or duplicate keys, wrong types and bad lengths
 * stay as written, which a real encoder would refuse to produce. Values are ISO-8859-1 strings, one
 * char per byte, so any byte can be written; {@link #bytes} turns the result into the file's bytes.
 */
final class RawBencode {
    private RawBencode() {
    }

    /** A byte string: its length, a colon, its bytes. */
    static String str(String text) {
        return text.length() + ":" + text;
    }

    static String integer(long value) {
        return "i" + value + "e";
    }

    /** A list of already encoded values. */
    static String list(String... encodedValues) {
        return "l" + String.join("", encodedValues) + "e";
    }

    /** A dictionary from alternating plain keys and encoded values, in the order given. */
    static String dict(String... keysAndEncodedValues) {
        if (keysAndEncodedValues.length % 2 != 0) {
            throw new IllegalArgumentException("a dictionary needs a value for every key");
        }
        StringBuilder out = new StringBuilder("d");
        for (int i = 0; i < keysAndEncodedValues.length; i += 2) {
            out.append(str(keysAndEncodedValues[i])).append(keysAndEncodedValues[i + 1]);
        }
        return out.append('e').toString();
    }

    /** The bytes of an encoded value written with one char per byte. */
    static byte[] bytes(String encoded) {
        for (int i = 0; i < encoded.length(); i++) {
            if (encoded.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("char " + (int) encoded.charAt(i) + " at " + i
                        + " is not a byte; encode text as UTF-8 bytes first");
            }
        }
        return encoded.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** UTF-8 text as one char per byte, ready for {@link #str}. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
