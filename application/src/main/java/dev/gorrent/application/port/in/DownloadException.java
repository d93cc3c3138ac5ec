package dev.gorrent.application.port.in;

/** A download that cannot finish: storage failed, or no peer could ever be reached. */
public class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
