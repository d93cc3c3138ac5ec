package dev.gorrent.domain.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded value plus, when it is a dictionary, where each of its values lies in the input. Torrent
 * parsing needs this because the info-hash is taken over the info dictionary's bytes exactly as they
 * were sent, and a re-encoding may differ from them (unsorted keys, for one).
 *
 * @param root          the decoded top-level value
 * @param topLevelSpans for a dictionary root, key (ISO-8859-1, as in {@link BValue.BDictionary}) to the
 *                      span of its value in the input; empty for any other root
 */
public record BencodeDocument(BValue root, Map<String, ByteSpan> topLevelSpans) {
    public BencodeDocument {
        topLevelSpans = Collections.unmodifiableMap(new LinkedHashMap<>(topLevelSpans));
    }

    /** Where the top-level dictionary's value for {@code key} lies in the input, if there is one. */
    public Optional<ByteSpan> spanOf(String key) {
        return Optional.ofNullable(topLevelSpans.get(key));
    }
}
