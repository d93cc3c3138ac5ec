package dev.gorrent.domain.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes values canonically: dictionary keys sorted by raw bytes. Recursion follows the value's
 * nesting, which for decoded values is bounded by the decoder's {@code maxDepth}.
 */
public final class BencodeEncoder {
    private BencodeEncoder() {
    }

    /**
     * @throws IllegalArgumentException when a dictionary key holds a character above U+00FF, which no
     *                                  single byte can carry (keys are raw bytes held as ISO-8859-1)
     */
    public static byte[] encode(BValue value) {
        ByteBuilder out = new ByteBuilder();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(BValue value, ByteBuilder out) {
        if (value instanceof BValue.BString string) {
            writeString(string.bytes(), out);
        } else if (value instanceof BValue.BInteger integer) {
            writeAscii("i" + integer.value() + "e", out);
        } else if (value instanceof BValue.BList list) {
            out.append('l');
            for (BValue element : list.values()) {
                write(element, out);
            }
            out.append('e');
        } else if (value instanceof BValue.BDictionary dictionary) {
            writeDictionary(dictionary, out);
        } else {
            throw new IllegalStateException("unknown bencode value " + value.getClass());
        }
    }

    private static void writeDictionary(BValue.BDictionary dictionary, ByteBuilder out) {
        // Every key char is at most U+00FF (checked below), so String order is unsigned byte order.
        Map<String, BValue> sorted = new TreeMap<>(dictionary.entries());
        out.append('d');
        for (Map.Entry<String, BValue> entry : sorted.entrySet()) {
            writeString(keyBytes(entry.getKey()), out);
            write(entry.getValue(), out);
        }
        out.append('e');
    }

    private static byte[] keyBytes(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("dictionary key '" + key + "' holds a character above U+00FF;"
                        + " keys are raw bytes held as ISO-8859-1 text");
            }
        }
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeString(byte[] bytes, ByteBuilder out) {
        writeAscii(bytes.length + ":", out);
        out.append(bytes);
    }

    private static void writeAscii(String text, ByteBuilder out) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.append(bytes);
    }
}
