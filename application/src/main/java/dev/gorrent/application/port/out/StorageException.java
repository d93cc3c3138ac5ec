package dev.gorrent.application.port.out;

import java.io.IOException;

/** A read or write of torrent data failed; the message names the file and what went wrong. */
public class StorageException extends IOException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
