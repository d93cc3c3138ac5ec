package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads tracker tiers per BEP 12: a non-empty {@code announce-list} wins and {@code announce} is then
 * ignored; otherwise {@code announce} makes the one tier. Trackers are optional, so malformed entries
 * are skipped rather than refused: entries that are not strings, blank URLs, tiers left empty.
 */
final class AnnounceTiers {
    private AnnounceTiers() {
    }

    static List<List<String>> from(BValue.BDictionary root) {
        List<List<String>> tiers = new ArrayList<>();
        for (BValue tier : listAt(root, "announce-list")) {
            if (tier instanceof BValue.BList urls) {
                List<String> tierUrls = urls.values().stream()
                        .flatMap(url -> url(url).stream())
                        .toList();
                if (!tierUrls.isEmpty()) {
                    tiers.add(tierUrls);
                }
            }
        }
        if (!tiers.isEmpty()) {
            return tiers;
        }
        return root.get("announce").flatMap(AnnounceTiers::url).map(url -> List.of(List.of(url))).orElse(List.of());
    }

    private static List<BValue> listAt(BValue.BDictionary root, String key) {
        return root.get(key)
                .filter(BValue.BList.class::isInstance)
                .map(value -> ((BValue.BList) value).values())
                .orElse(List.of());
    }

    private static Optional<String> url(BValue value) {
        if (value instanceof BValue.BString string) {
            String url = string.utf8().strip();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        }
        return Optional.empty();
    }
}
