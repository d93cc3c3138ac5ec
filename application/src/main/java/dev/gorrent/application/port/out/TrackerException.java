package dev.gorrent.application.port.out;

/** An announce that failed: unreachable tracker, bad answer, or the tracker's own failure reason. */
public class TrackerException extends Exception {
    public TrackerException(String message) {
        super(message);
    }

    public TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
