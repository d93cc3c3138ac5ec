package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.piece.PieceGeometry;

import java.util.List;

/**
 * Everything a new torrent holds except its piece hashes.
 *
 * @param content        the file or folder shared
 * @param pieceLength    a size {@link PieceSizes#isAllowed} accepts
 * @param trackers       announce URLs, each its own tier, in order; may be empty (a trackerless torrent)
 * @param privateTorrent the BEP 27 flag: peers only from the trackers
 * @param comment        free text; empty for none
 * @param createdBy      the program, such as {@code Gorrent 0.1.0}; empty for none
 * @param creationDate   seconds since the Unix epoch
 */
public record TorrentDraft(
        TorrentContent content,
        int pieceLength,
        List<String> trackers,
        boolean privateTorrent,
        String comment,
        String createdBy,
        long creationDate) {

    public TorrentDraft {
        if (!PieceSizes.isAllowed(pieceLength)) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is not a power of two from "
                    + PieceSizes.describe(PieceSizes.MIN) + " to " + PieceSizes.describe(PieceSizes.MAX));
        }
        trackers = List.copyOf(trackers);
        for (String url : trackers) {
            if (url.isBlank()) {
                throw new IllegalArgumentException("a tracker URL is blank");
            }
        }
        if (creationDate < 0) {
            throw new IllegalArgumentException("creation date " + creationDate + " is before 1970");
        }
    }

    public PieceGeometry geometry() {
        return new PieceGeometry(content.totalLength(), pieceLength);
    }

    /** How many pieces, and so piece hashes, the torrent has; may exceed an int for absurd inputs. */
    public long pieceCount() {
        return PieceSizes.pieceCount(content.totalLength(), pieceLength);
    }
}
