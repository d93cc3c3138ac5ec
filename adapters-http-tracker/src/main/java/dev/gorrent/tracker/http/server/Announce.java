package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerId;

import java.util.Optional;

/**
 * One client's announce, checked (BEP 3, compact from BEP 23). The client's address is deliberately not
 * here: the tracker takes it from the connection, never from an {@code ip} parameter anyone could forge.
 *
 * @param compact  whether peers go back as packed bytes rather than dictionaries
 * @param noPeerId whether dictionary peers may leave out their ids
 * @param numWant  how many peers to return, already capped
 */
record Announce(
        InfoHash infoHash,
        PeerId peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        AnnounceEvent event,
        boolean compact,
        boolean noPeerId,
        int numWant) {

    static final int DEFAULT_NUM_WANT = 50;
    static final int MAX_NUM_WANT = 200;

    /** Reads and checks the announce parameters; the refusal names the first bad one. */
    static Announce from(QueryString query) throws RequestRefused {
        InfoHash infoHash = InfoHash.of(twentyBytes(query, "info_hash"));
        PeerId peerId = PeerId.of(twentyBytes(query, "peer_id"));
        long port = number(query, "port").orElseThrow(() -> new RequestRefused("port is missing"));
        if (port < 1 || port > 65535) {
            throw new RequestRefused("port must be 1..65535, got " + port);
        }
        long uploaded = amount(query, "uploaded").orElse(0L);
        long downloaded = amount(query, "downloaded").orElse(0L);
        long left = amount(query, "left").orElseThrow(() -> new RequestRefused("left is missing"));
        return new Announce(infoHash, peerId, (int) port, uploaded, downloaded, left, event(query),
                !query.text("compact").orElse("1").equals("0"),
                query.text("no_peer_id").orElse("0").equals("1"),
                numWant(query));
    }

    static byte[] twentyBytes(QueryString query, String name) throws RequestRefused {
        byte[] value = query.first(name).orElseThrow(() -> new RequestRefused(name + " is missing"));
        if (value.length != 20) {
            throw new RequestRefused(name + " must be 20 bytes, got " + value.length);
        }
        return value;
    }

    private static AnnounceEvent event(QueryString query) throws RequestRefused {
        String wire = query.text("event").orElse("");
        for (AnnounceEvent event : AnnounceEvent.values()) {
            if (event.wireName().equals(wire)) {
                return event;
            }
        }
        throw new RequestRefused("event must be started, completed, stopped or empty, got '" + wire + "'");
    }

    private static int numWant(QueryString query) throws RequestRefused {
        Optional<Long> asked = number(query, "numwant");
        // Some clients send -1 for "whatever you usually give".
        if (asked.isEmpty() || asked.get() < 0) {
            return DEFAULT_NUM_WANT;
        }
        return (int) Math.min(asked.get(), MAX_NUM_WANT);
    }

    private static Optional<Long> amount(QueryString query, String name) throws RequestRefused {
        Optional<Long> value = number(query, name);
        if (value.isPresent() && value.get() < 0) {
            throw new RequestRefused(name + " must not be negative, got " + value.get());
        }
        return value;
    }

    private static Optional<Long> number(QueryString query, String name) throws RequestRefused {
        Optional<String> text = query.text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            throw new RequestRefused(name + " must be a whole number, got '" + text.get() + "'");
        }
    }
}
