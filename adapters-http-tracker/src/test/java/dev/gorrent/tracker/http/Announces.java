package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerId;

import java.nio.charset.StandardCharsets;

/** Announce requests for tests, with fixed, easily recognised numbers. */
final class Announces {
    static final InfoHash INFO_HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final PeerId PEER_ID = PeerId.of("-GR0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));

    private Announces() {
    }

    static AnnounceRequest to(String trackerUrl) {
        return to(trackerUrl, AnnounceEvent.NONE, "");
    }

    static AnnounceRequest to(String trackerUrl, AnnounceEvent event, String trackerId) {
        return new AnnounceRequest(trackerUrl, INFO_HASH, PEER_ID, 6881, 123, 456, 789, event, 50, trackerId);
    }
}
