package dev.gorrent.tracker.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A raw URL query split into parameters whose values stay bytes: {@code info_hash} and {@code peer_id}
 * are arbitrary binary, so decoding them as text (as most URL helpers do) would corrupt them.
 * {@code +} means a space, as in HTML forms, which is what other trackers accept too.
 */
final class QueryString {
    /** Far above any honest announce or scrape (a scrape of 100 hashes is about 7 KiB). */
    static final int MAX_LENGTH = 16 * 1024;

    private final Map<String, List<byte[]>> parameters;

    private QueryString(Map<String, List<byte[]>> parameters) {
        this.parameters = parameters;
    }

    /** Parses the query as it came on the wire (still percent-encoded); empty text is an empty query. */
    static QueryString parse(String rawQuery) throws RequestRefused {
        if (rawQuery.length() > MAX_LENGTH) {
            throw new RequestRefused("query is " + rawQuery.length() + " characters, more than " + MAX_LENGTH);
        }
        Map<String, List<byte[]>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            // Names are ASCII by convention; ISO-8859-1 keeps any odd byte as one char for messages.
            String name = new String(decode(rawName), StandardCharsets.ISO_8859_1);
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(decode(rawValue));
        }
        return new QueryString(parameters);
    }

    /** The first value given for the name. */
    Optional<byte[]> first(String name) {
        List<byte[]> values = parameters.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0).clone());
    }

    /** The first value as text (parameters like {@code port} are ASCII). */
    Optional<String> text(String name) {
        return first(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Every value given for the name, in query order. */
    List<byte[]> all(String name) {
        List<byte[]> values = parameters.getOrDefault(name, List.of());
        List<byte[]> copies = new ArrayList<>(values.size());
        for (byte[] value : values) {
            copies.add(value.clone());
        }
        return copies;
    }

    static byte[] decode(String raw) throws RequestRefused {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RequestRefused("query has a cut-off percent escape at the end of '" + raw + "'");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new RequestRefused("query has a bad percent escape '" + raw.substring(i, i + 3) + "'");
                }
                out.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c > 0x7e || c < 0x20) {
                // A URI the JDK accepted holds only printable ASCII; anything else is not a byte we can trust.
                throw new RequestRefused("query holds the unescaped character U+" + String.format("%04X", (int) c));
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
