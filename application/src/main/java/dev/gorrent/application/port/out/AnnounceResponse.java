package dev.gorrent.application.port.out;

import dev.gorrent.domain.peer.PeerAddress;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A tracker's successful answer.
 *
 * @param interval       how long to wait before the next periodic announce
 * @param minInterval    the least the tracker allows between announces, {@link Duration#ZERO} if it set none
 * @param peers          peers to try (compact and dictionary forms alike)
 * @param trackerId      the tracker's id to send back next time, or empty
 * @param warningMessage a warning to show the user, or empty
 */
public record AnnounceResponse(
        Duration interval,
        Duration minInterval,
        List<PeerAddress> peers,
        String trackerId,
        String warningMessage) {

    public AnnounceResponse {
        peers = List.copyOf(peers);
    }

    public Optional<String> warning() {
        return warningMessage.isEmpty() ? Optional.empty() : Optional.of(warningMessage);
    }
}
