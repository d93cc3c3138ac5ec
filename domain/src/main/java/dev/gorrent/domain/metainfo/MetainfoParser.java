package dev.gorrent.domain.metainfo;

/** Turns a torrent file's bytes into a validated {@link Metainfo}. */
public final class MetainfoParser {
    private MetainfoParser() {
    }

    /** @throws InvalidTorrentException naming the first problem found */
    public static Metainfo parse(byte[] torrentFile) throws InvalidTorrentException {
        throw new UnsupportedOperationException("MetainfoParser: to be implemented");
    }
}
