package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeException;
import dev.gorrent.domain.metainfo.InfoHash;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a tracker's bencoded scrape answer (BEP 48): {@code files} maps each raw 20-byte info-hash to its
 * {@code complete}, {@code downloaded} and {@code incomplete} counts. A count the tracker leaves out is taken as 0,
 * as the fields are optional in practice; a count that is not a non-negative integer makes the answer garbage.
 */
final class ScrapeResponseParser {
    private final BencodeDecoder decoder = BencodeDecoder.withDefaults();

    /**
     * @param tracker how to name the tracker in messages (its host)
     */
    ScrapeResponse parse(byte[] body, InfoHash infoHash, String tracker) throws TrackerException {
        BValue root;
        try {
            root = decoder.decode(body);
        } catch (BencodeException e) {
            throw new TrackerException("tracker " + tracker + " scrape answer is not bencode: " + e.getMessage(), e);
        }
        if (!(root instanceof BDictionary answer)) {
            throw new TrackerException("tracker " + tracker + " scrape answer is not a dictionary");
        }
        Optional<BValue> failure = answer.get("failure reason");
        if (failure.isPresent() && failure.get() instanceof BString reason) {
            throw new TrackerException("tracker " + tracker + " refused the scrape: " + reason.utf8());
        }
        if (!(answer.get("files").orElse(null) instanceof BDictionary files)) {
            throw new TrackerException("tracker " + tracker + " scrape answer has no 'files' dictionary");
        }
        // Dictionary keys hold raw bytes one per char, so the binary info-hash is looked up in that form.
        String key = new String(infoHash.toBytes(), StandardCharsets.ISO_8859_1);
        if (!(files.get(key).orElse(null) instanceof BDictionary counts)) {
            // BEP 48 lists only torrents the tracker has stats for: it does not know this one.
            throw new TrackerException("tracker " + tracker + " has no stats for torrent " + infoHash.toHex()
                    + " (it is not in the scrape answer)");
        }
        return new ScrapeResponse(count(counts, "complete", tracker), count(counts, "downloaded", tracker),
                count(counts, "incomplete", tracker));
    }

    private static int count(BDictionary counts, String key, String tracker) throws TrackerException {
        Optional<BValue> value = counts.get(key);
        if (value.isEmpty()) {
            return 0;
        }
        if (!(value.get() instanceof BInteger number) || number.value() < 0 || number.value() > Integer.MAX_VALUE) {
            throw new TrackerException("tracker " + tracker + " sent a scrape '" + key
                    + "' that is not a count: " + value.get());
        }
        return (int) number.value();
    }
}
