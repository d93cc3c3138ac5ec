package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.piece.PieceGeometry;

import java.util.List;

/**
 * A validated torrent, as {@link MetainfoParser} builds it: consistent lengths and hashes, safe file paths.
 *
 * @param infoHash     SHA-1 of the info dictionary's exact bytes
 * @param name         the suggested name, sanitised
 * @param geometry     total length and piece length
 * @param pieceHashes  one SHA-1 per piece
 * @param files        every file in stream order; a single-file torrent has one, whose path is {@code [name]}
 * @param multiFile    whether the info dictionary had a {@code files} list
 * @param trackerTiers BEP 12 tiers from {@code announce-list}, or one tier holding {@code announce}; may be empty
 * @param privateTorrent the info dictionary's {@code private} flag (BEP 27)
 */
public record Metainfo(
        InfoHash infoHash,
        String name,
        PieceGeometry geometry,
        PieceHashes pieceHashes,
        List<FileEntry> files,
        boolean multiFile,
        List<List<String>> trackerTiers,
        boolean privateTorrent) {

    public Metainfo {
        files = List.copyOf(files);
        trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
        if (pieceHashes.count() != geometry.pieceCount()) {
            throw new IllegalArgumentException("torrent has " + pieceHashes.count()
                    + " piece hashes but its length needs " + geometry.pieceCount());
        }
    }

    public long totalLength() {
        return geometry.totalLength();
    }

    public int pieceCount() {
        return geometry.pieceCount();
    }

    /** Every tracker URL, tier by tier, without duplicates. */
    public List<String> trackers() {
        return trackerTiers.stream().flatMap(List::stream).distinct().toList();
    }
}
