package dev.gorrent.tracker.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-rolled bencode for test bodies, independent of the production encoder so a bug there cannot
 * hide a bug in the parser. Values: {@link String} (UTF-8), {@code byte[]}, {@link Long}/{@link Integer},
 * {@link List}, and dictionaries built with {@link #dict(Object...)}.
 */
final class TestBencode {
    private TestBencode() {
    }

    /** A dictionary from alternating keys and values, written in the order given. */
    static byte[] dict(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("dict needs key/value pairs");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        for (int i = 0; i < keysAndValues.length; i += 2) {
            write(out, (String) keysAndValues[i]);
            write(out, keysAndValues[i + 1]);
        }
        out.write('e');
        return out.toByteArray();
    }

    /** Marks already-encoded bytes (such as a nested {@link #dict}) so they are embedded, not re-wrapped. */
    record Raw(byte[] encoded) {
    }

    static Raw raw(byte[] encoded) {
        return new Raw(encoded);
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof Raw raw) {
            out.writeBytes(raw.encoded());
        } else if (value instanceof String text) {
            writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof byte[] bytes) {
            writeBytes(out, bytes);
        } else if (value instanceof Long || value instanceof Integer) {
            out.writeBytes(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(out, item));
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + value);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }
}
