package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeException;
import dev.gorrent.domain.peer.PeerAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tracker's bencoded announce answer (BEP 3): failure reason, warning, intervals, tracker id,
 * and peers in compact (BEP 23), dictionary and IPv6 (BEP 7) form. Invalid peer entries are skipped;
 * a malformed answer as a whole is refused.
 */
public final class AnnounceResponseParser {
    /** Trackers that ask for no interval or a silly one still get a sane schedule. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(30);
    private static final Duration LONGEST_INTERVAL = Duration.ofDays(1);
    private static final int IPV4_ENTRY = 6;
    private static final int IPV6_ENTRY = 18;

    private final BencodeDecoder decoder = BencodeDecoder.withDefaults();

    /**
     * @param tracker how to name the tracker in messages (its host)
     */
    public AnnounceResponse parse(byte[] body, String tracker) throws TrackerException {
        BValue root;
        try {
            root = decoder.decode(body);
        } catch (BencodeException e) {
            throw new TrackerException("tracker " + tracker + " answer is not bencode: " + e.getMessage(), e);
        }
        if (!(root instanceof BDictionary answer)) {
            throw new TrackerException("tracker " + tracker + " answer is not a dictionary");
        }
        Optional<String> failure = text(answer, "failure reason");
        if (failure.isPresent()) {
            throw new TrackerException("tracker " + tracker + " refused: " + failure.get());
        }
        requireWholeEntries(answer, "peers", IPV4_ENTRY, tracker);
        requireWholeEntries(answer, "peers6", IPV6_ENTRY, tracker);
        List<PeerAddress> peers = new ArrayList<>();
        answer.get("peers").ifPresent(value -> addPeers(value, IPV4_ENTRY, peers));
        answer.get("peers6").ifPresent(value -> addPeers(value, IPV6_ENTRY, peers));
        Duration interval = seconds(answer, "interval").map(AnnounceResponseParser::clamp).orElse(DEFAULT_INTERVAL);
        Duration minInterval = seconds(answer, "min interval").map(AnnounceResponseParser::clamp).orElse(Duration.ZERO);
        return new AnnounceResponse(interval, minInterval, peers, text(answer, "tracker id").orElse(""),
                text(answer, "warning message").orElse(""));
    }

    private static void requireWholeEntries(BDictionary answer, String key, int entryLength, String tracker)
            throws TrackerException {
        Optional<BValue> value = answer.get(key);
        if (value.isPresent() && value.get() instanceof BString compact && compact.length() % entryLength != 0) {
            throw new TrackerException("tracker " + tracker + " sent a compact '" + key + "' of " + compact.length()
                    + " bytes, not a multiple of " + entryLength);
        }
    }

    private static void addPeers(BValue value, int entryLength, List<PeerAddress> peers) {
        if (value instanceof BString compact) {
            byte[] bytes = compact.bytes();
            for (int at = 0; at + entryLength <= bytes.length; at += entryLength) {
                compactPeer(bytes, at, entryLength - 2).ifPresent(peers::add);
            }
        } else if (value instanceof BList list) {
            for (BValue entry : list.values()) {
                if (entry instanceof BDictionary peer) {
                    dictionaryPeer(peer).ifPresent(peers::add);
                }
            }
        }
    }

    private static Optional<PeerAddress> compactPeer(byte[] bytes, int at, int addressLength) {
        byte[] address = new byte[addressLength];
        System.arraycopy(bytes, at, address, 0, addressLength);
        int port = ((bytes[at + addressLength] & 0xff) << 8) | (bytes[at + addressLength + 1] & 0xff);
        if (port == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PeerAddress(InetAddress.getByAddress(address).getHostAddress(), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<PeerAddress> dictionaryPeer(BDictionary peer) {
        Optional<String> ip = text(peer, "ip").map(String::trim).filter(s -> !s.isEmpty() && s.length() <= 255);
        Optional<Long> port = peer.get("port").filter(BInteger.class::isInstance).map(v -> ((BInteger) v).value());
        if (ip.isEmpty() || port.isEmpty() || port.get() < 1 || port.get() > 65535) {
            return Optional.empty();
        }
        return Optional.of(new PeerAddress(ip.get(), port.get().intValue()));
    }

    private static Optional<String> text(BDictionary dictionary, String key) {
        return dictionary.get(key).filter(BString.class::isInstance).map(v -> ((BString) v).utf8());
    }

    private static Optional<Duration> seconds(BDictionary dictionary, String key) {
        return dictionary.get(key).filter(BInteger.class::isInstance)
                .map(v -> Duration.ofSeconds(((BInteger) v).value()));
    }

    private static Duration clamp(Duration interval) {
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return interval.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : interval;
    }
}
