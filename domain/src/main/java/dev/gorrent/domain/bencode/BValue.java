package dev.gorrent.domain.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A bencoded value: byte string, integer, list or dictionary (BEP 3). */
public sealed interface BValue {

    /** A byte string; bencode strings are bytes, text only by convention (usually UTF-8). */
    record BString(byte[] bytes) implements BValue {
        public BString {
            bytes = bytes.clone();
        }

        public static BString of(String utf8) {
            return new BString(utf8.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        /** The bytes as UTF-8 text; malformed sequences become U+FFFD. */
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BString that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "BString[" + utf8() + "]";
        }
    }

    /** A signed 64-bit integer. */
    record BInteger(long value) implements BValue {
    }

    /** An ordered list. */
    record BList(List<BValue> values) implements BValue {
        public BList {
            values = List.copyOf(values);
        }
    }

    /**
     * A dictionary. Keys are byte strings held as ISO-8859-1 text, which maps every byte to one char,
     * so any key round-trips and sorting the text sorts the raw bytes. Entries keep their input order.
     */
    record BDictionary(Map<String, BValue> entries) implements BValue {
        public BDictionary {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<BValue> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        public boolean containsKey(String key) {
            return entries.containsKey(key);
        }
    }
}
