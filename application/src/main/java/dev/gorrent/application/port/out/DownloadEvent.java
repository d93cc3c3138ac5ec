package dev.gorrent.application.port.out;

import dev.gorrent.domain.peer.PeerAddress;

/** What a download reports to whoever shows progress. */
public sealed interface DownloadEvent {

    /** Storage was checked; {@code verifiedBytes} were already on disk. */
    record Checked(String name, long totalBytes, int pieceCount, int verifiedPieces, long verifiedBytes)
            implements DownloadEvent {
    }

    /** We accept peers on this port (the one announced to trackers). */
    record Listening(int port) implements DownloadEvent {
    }

    /** Something the user should know that does not stop the work. */
    record Warning(String message) implements DownloadEvent {
    }

    /** A periodic snapshot, about once a second. */
    record Progress(long verifiedBytes, long totalBytes, long downloadRate, long uploadRate,
                    int connectedPeers, int knownPeers) implements DownloadEvent {
    }

    /** A tracker answered. */
    record TrackerAnnounced(String trackerUrl, int peers) implements DownloadEvent {
    }

    /** A tracker failed or warned; the download goes on. */
    record TrackerProblem(String trackerUrl, String message) implements DownloadEvent {
    }

    /** A peer failed or broke the protocol and was dropped. */
    record PeerDropped(PeerAddress peer, String reason) implements DownloadEvent {
    }

    /** A piece failed its hash check and will be fetched again. */
    record PieceFailed(int piece, PeerAddress fromPeer) implements DownloadEvent {
    }

    /** Every piece is verified on disk (seeding may go on). */
    record Completed(long totalBytes, long downloadedBytes, long elapsedNanos) implements DownloadEvent {
    }
}
