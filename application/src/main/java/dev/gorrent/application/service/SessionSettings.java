package dev.gorrent.application.service;

import dev.gorrent.domain.piece.PieceGeometry;

import java.time.Duration;

/**
 * Tunables of a download session.
 *
 * @param maxPeers            connections open at once (dialling included)
 * @param maxDialsPerTick     new dials started per housekeeping tick, so a big peer list is not dialled at once
 * @param minPipeline         requests kept in flight to an unchoked peer, at least
 * @param maxPipeline         requests kept in flight to one peer, at most (see {@link #pipelineDepth})
 * @param pipelineSeconds     seconds of a peer's measured rate to keep in flight (libtorrent keeps about 3)
 * @param snubTimeout         a peer with requests in flight that sends nothing this long loses them
 * @param keepAliveInterval   idle time after which we send a keep-alive
 * @param queueCapacity       the session inbox's bound, in events
 * @param queuedMessages      peers' messages waiting in the inbox at most (mostly 16 KiB blocks)
 * @param stopAnnounceTimeout how long exit waits for the final announce
 * @param piecesInFlightBytes bytes of pieces being downloaded or checked at once with one peer to download from:
 *                            bounds the memory a download needs whatever the torrent's size (at least two pieces
 *                            are allowed)
 * @param piecesInFlightBytesPerPeer what each further peer to download from adds to that bound
 * @param maxPiecesInFlightBytes the bound however many peers there are
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
        int piecesInFlightBytes,
        int piecesInFlightBytesPerPeer,
        int maxPiecesInFlightBytes) {

    /**
     * The settings a download runs with. Pieces in flight: 8 MiB from one peer, as many bytes as its full pipeline
     * of 500 requests, and 1 MiB more for each further peer, up to 32 MiB. More from one peer did not go faster
     * but filled the heap whenever the disk lagged: with 32 MiB a 4 GiB download peaked at 108 MiB of RSS and a
     * 512 MiB one at 83; with 8 MiB both at 82-85. One peer never needs more, as its pipeline is at most 8 MiB;
     * many peers far away do (each of 30 peers at 5 MB/s, 200 ms away, keeps 1 MiB in flight).
     */
    public static SessionSettings defaults() {
        return new SessionSettings(50, 10, 16, 500, 3, Duration.ofSeconds(30), Duration.ofSeconds(90), 1024, 256,
                Duration.ofSeconds(5), 8 << 20, 1 << 20, 32 << 20);
    }

    /** How many pieces of {@code pieceLength} bytes may be in flight at once with {@code peers} to download from. */
    int piecesInFlight(int pieceLength, int peers) {
        long bytes = piecesInFlightBytes + (long) Math.max(0, peers - 1) * piecesInFlightBytesPerPeer;
        return (int) Math.max(2, Math.min(bytes, maxPiecesInFlightBytes) / pieceLength);
    }

    /**
     * How many requests to keep in flight to one peer that sends at {@code bytesPerSecond}: {@link #pipelineSeconds}
     * of that rate, within {@link #minPipeline} and {@link #maxPipeline}, and no more than the peer's share of the
     * blocks of the {@code piecesInFlight} pieces when {@code peers} peers send to us.
     *
     * <p>Why the share: the peers draw on one bound of pieces in flight, and without it the first peers to reach a
     * full pipeline took all of it while the others got no request at all. From four libtorrent seeds on loopback,
     * each holding back in its first second (bench/README.md), Gorrent then fetched from one or two of them;
     * with the share three of the four serve most of the data: 1 GiB in 2.28 s against 2.42 s (medians of 5
     * alternating runs; libtorrent's client 2.31 s).
     */
    int pipelineDepth(long bytesPerSecond, int piecesInFlight, int pieceLength, int peers) {
        long byRate = bytesPerSecond * pipelineSeconds / PieceGeometry.BLOCK_SIZE;
        long blocksPerPiece = ((long) pieceLength + PieceGeometry.BLOCK_SIZE - 1) / PieceGeometry.BLOCK_SIZE;
        long share = (long) piecesInFlight * blocksPerPiece / Math.max(1, peers);
        return (int) Math.max(minPipeline, Math.min(Math.min(maxPipeline, share), byRate));
    }
}
