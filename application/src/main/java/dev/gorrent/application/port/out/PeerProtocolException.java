package dev.gorrent.application.port.out;

import java.io.IOException;

/**
 * A peer broke the wire protocol (a malformed handshake or message): unlike a dropped or slow connection, that
 * is not bad luck, and the session does not dial that peer again.
 */
public class PeerProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public PeerProtocolException(String message) {
        super(message);
    }

    public PeerProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
