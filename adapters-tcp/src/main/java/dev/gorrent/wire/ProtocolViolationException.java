package dev.gorrent.wire;

import dev.gorrent.application.port.out.PeerProtocolException;

/** A peer sent bytes that break the BEP 3 wire protocol; the connection cannot be trusted afterwards. */
public final class ProtocolViolationException extends PeerProtocolException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
