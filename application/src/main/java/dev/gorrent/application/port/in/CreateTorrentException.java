package dev.gorrent.application.port.in;

/** A torrent that could not be made; {@link #kind()} says whether the input or the reading failed. */
public class CreateTorrentException extends Exception {
    /** Whose fault: what was asked for, or the disk while reading it. */
    public enum Kind {
        /** The path cannot make a torrent: missing, empty, a symlink leaving the folder, too large... */
        BAD_INPUT,
        /** The content could not be read while listing or hashing it. */
        READ_FAILED
    }

    private final Kind kind;

    public CreateTorrentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
