package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.PieceSizes;

import java.nio.file.Path;
import java.util.List;

/**
 * What torrent to make.
 *
 * @param path           the file or folder to share
 * @param pieceLength    {@link #AUTOMATIC_PIECE_LENGTH}, or a size {@link PieceSizes#isAllowed} accepts
 * @param trackers       announce URLs, each its own tier, in order; may be empty
 * @param privateTorrent the BEP 27 flag
 * @param comment        free text; empty for none
 * @param createdBy      the program that made it, such as {@code Gorrent 0.1.0}; empty for none
 * @param creationDate   seconds since the Unix epoch (passed in, so that tests can fix it)
 */
public record CreateTorrentRequest(
        Path path,
        int pieceLength,
        List<String> trackers,
        boolean privateTorrent,
        String comment,
        String createdBy,
        long creationDate) {
    /** Asks for the piece length {@link PieceSizes#automatic} chooses for the content's size. */
    public static final int AUTOMATIC_PIECE_LENGTH = 0;

    public CreateTorrentRequest {
        trackers = List.copyOf(trackers);
        if (pieceLength != AUTOMATIC_PIECE_LENGTH && !PieceSizes.isAllowed(pieceLength)) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is not a power of two from "
                    + PieceSizes.describe(PieceSizes.MIN) + " to " + PieceSizes.describe(PieceSizes.MAX));
        }
    }
}
