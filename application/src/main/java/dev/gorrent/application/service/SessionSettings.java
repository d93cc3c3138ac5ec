package dev.gorrent.application.service;

import java.time.Duration;

/**
 * Tunables of a download session.
 *
 * @param maxPeers            connections open at once (dialling included)
 * @param maxDialsPerTick     new dials started per housekeeping tick, so a big peer list is not dialled at once
 * @param minPipeline         requests kept in flight to an unchoked peer, at least
 * @param maxPipeline         requests kept in flight to one peer, at most
 * @param pipelineSeconds     seconds of a peer's measured rate to keep in flight (libtorrent keeps about 3)
 * @param snubTimeout         a peer with requests in flight that sends nothing this long loses them
 * @param keepAliveInterval   idle time after which we send a keep-alive
 * @param queueCapacity       the session inbox's bound, in events
 * @param queuedMessages      peers' messages waiting in the inbox at most (mostly 16 KiB blocks)
 * @param stopAnnounceTimeout how long exit waits for the final announce
 * @param piecesInFlightBytes bytes of pieces being downloaded or checked at once: bounds the memory a
 *                            download needs whatever the torrent's size (at least two pieces are allowed)
 */
public record SessionSettings(
        int maxPeers,
        int maxDialsPerTick,
        int minPipeline,
        int maxPipeline,
        int pipelineSeconds,
        Duration snubTimeout,
        Duration keepAliveInterval,
        int queueCapacity,
        int queuedMessages,
        Duration stopAnnounceTimeout,
        int piecesInFlightBytes) {

    /**
     * The settings a download runs with. Pieces in flight: 8 MiB, as many bytes as a full pipeline of 500
     * requests. More did not go faster from one or four seeds but filled the heap whenever the disk lagged:
     * with 32 MiB a 4 GiB download peaked at 108 MiB of RSS and a 512 MiB one at 83; with 8 MiB both at 85.
     * The price: the requests outstanding to all peers together are at most 512, which is 8 MiB per round trip
     * (about 40 MB/s with peers 200 ms away). Growing the bound with the peers' pipelines (3 s of each one's
     * rate) would give four seeds on loopback the full 32 MiB again; a bound that follows the measured round
     * trips would not.
     */
    public static SessionSettings defaults() {
        return new SessionSettings(50, 10, 16, 500, 3, Duration.ofSeconds(30), Duration.ofSeconds(90), 1024, 256,
                Duration.ofSeconds(5), 8 << 20);
    }

    /** How many pieces of {@code pieceLength} bytes may be in flight at once. */
    int piecesInFlight(int pieceLength) {
        return Math.max(2, piecesInFlightBytes / pieceLength);
    }
}
