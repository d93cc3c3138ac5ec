package dev.gorrent.application.service;

/**
 * How much the session asks of its peers at once: how many requests each peer keeps in flight, and how many pieces
 * not yet started may start now. Both answer to one bound, the pieces in flight (started, or being hashed and
 * written), which grows with the peers we download from; each piece in flight holds memory until it is written.
 * Session thread only.
 */
final class RequestBudget {
    private final SessionSettings settings;
    private final int pieceLength;
    /** Pieces started or being checked at once, at most (beyond one per idle peer). */
    private int piecesInFlight;
    /** Peers we download from (unchoked, wanted, not snubbed) at the last count; at least 1. */
    private int downloadingFrom = 1;

    RequestBudget(SessionSettings settings, int pieceLength) {
        this.settings = settings;
        this.pieceLength = pieceLength;
        this.piecesInFlight = settings.piecesInFlight(pieceLength, 1);
    }

    /** Sizes the bound for {@code peers} peers sending to us, as counted at housekeeping. */
    void downloadingFrom(int peers) {
        piecesInFlight = settings.piecesInFlight(pieceLength, peers);
        downloadingFrom = Math.max(1, peers);
    }

    /**
     * Requests to keep in flight to a peer sending at {@code bytesPerSecond}: a few seconds of its rate, as libtorrent
     * does, within its share of the pieces in flight ({@link SessionSettings#pipelineDepth}). A snubbed peer keeps
     * one request, so that it can show it is alive again instead of being ignored for good.
     */
    int pipelineDepth(long bytesPerSecond, boolean snubbed) {
        if (snubbed) {
            return 1;
        }
        return settings.pipelineDepth(bytesPerSecond, piecesInFlight, pieceLength, downloadingFrom);
    }

    /**
     * How many pieces not started yet a peer may start, for {@link dev.gorrent.domain.piece.PiecePicker#pick(int,
     * int, int)}, with {@code started} pieces being fetched and {@code beingChecked} being hashed or written. Without
     * room, pieces waiting for the hash or the disk will free some soon, so nobody starts more (-1); with none
     * waiting, an idle peer may start one (0), lest started pieces that only departed peers had block all.
     */
    int newPiecesAllowed(int started, int beingChecked) {
        int room = piecesInFlight - started - beingChecked;
        if (room > 0) {
            return room;
        }
        return beingChecked == 0 ? 0 : -1;
    }
}
