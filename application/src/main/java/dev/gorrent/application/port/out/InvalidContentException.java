package dev.gorrent.application.port.out;

/** The path given cannot make a torrent as it is (missing, empty, a link leaving it...): the user must change it. */
public class InvalidContentException extends ContentException {
    public InvalidContentException(String message) {
        super(message);
    }

    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
