package dev.gorrent.tracker.http.server;

/** A request the tracker will not serve; the message goes back to the client as its {@code failure reason}. */
final class RequestRefused extends Exception {
    private static final long serialVersionUID = 1L;

    RequestRefused(String reason) {
        super(reason);
    }
}
