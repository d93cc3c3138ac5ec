package dev.gorrent.domain.metainfo;

/** A torrent file that cannot be used; the message names the problem in words a user understands. */
public final class InvalidTorrentException extends Exception {
    public InvalidTorrentException(String message) {
        super(message);
    }

    public InvalidTorrentException(String message, Throwable cause) {
        super(message, cause);
    }
}
