package dev.gorrent.application.port.out;

import java.io.IOException;

/** Content for a new torrent could not be listed or read; the message names the file and the problem. */
public class ContentException extends IOException {
    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
