package dev.gorrent.tracker.http.server;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.metainfo.InfoHash;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the tracker's bencoded answers: announce (BEP 3, 7, 23), scrape (BEP 48) and failures. */
final class Replies {
    private Replies() {
    }

    static BValue failure(String reason) {
        return new BDictionary(Map.of("failure reason", BString.of(reason)));
    }

    static BValue announce(AnnounceResult result, Announce announce, EmbeddedTrackerSettings settings) {
        Map<String, BValue> answer = new LinkedHashMap<>();
        answer.put("interval", new BInteger(settings.interval().toSeconds()));
        answer.put("min interval", new BInteger(settings.minInterval().toSeconds()));
        answer.put("complete", new BInteger(result.stats().complete()));
        answer.put("incomplete", new BInteger(result.stats().incomplete()));
        if (announce.compact()) {
            answer.put("peers", compact(result.peers(), 4));
            if (result.requester() instanceof Inet6Address) {
                answer.put("peers6", compact(result.peers(), 16));
            }
        } else {
            answer.put("peers", dictionaries(result.peers(), announce.noPeerId()));
        }
        return new BDictionary(answer);
    }

    static BValue scrape(Map<InfoHash, SwarmStats> stats) {
        Map<String, BValue> files = new LinkedHashMap<>();
        stats.forEach((infoHash, counts) -> files.put(
                // Dictionary keys are raw bytes held one per char, so the binary hash survives as is.
                new String(infoHash.toBytes(), StandardCharsets.ISO_8859_1),
                new BDictionary(Map.of(
                        "complete", new BInteger(counts.complete()),
                        "downloaded", new BInteger(counts.downloaded()),
                        "incomplete", new BInteger(counts.incomplete())))));
        return new BDictionary(Map.of("files", new BDictionary(files)));
    }

    /** Address then big-endian port for each peer whose address has the given length (4 or 16 bytes). */
    private static BString compact(List<Peer> peers, int addressLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Peer peer : peers) {
            byte[] address = peer.ip().getAddress();
            if (address.length == addressLength) {
                out.writeBytes(address);
                out.write(peer.port() >>> 8);
                out.write(peer.port() & 0xff);
            }
        }
        return new BString(out.toByteArray());
    }

    private static BList dictionaries(List<Peer> peers, boolean noPeerId) {
        List<BValue> entries = new ArrayList<>(peers.size());
        for (Peer peer : peers) {
            Map<String, BValue> entry = new LinkedHashMap<>();
            if (!noPeerId) {
                entry.put("peer id", new BString(peer.id().toBytes()));
            }
            entry.put("ip", BString.of(textOf(peer)));
            entry.put("port", new BInteger(peer.port()));
            entries.add(new BDictionary(entry));
        }
        return new BList(entries);
    }

    private static String textOf(Peer peer) {
        String text = peer.ip().getHostAddress();
        // A scope id (fe80::1%eth0) means something only on the tracker's own host.
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }
}
