package dev.gorrent.application.port.out;

import java.io.IOException;

/**
 * The peer dialled answered with our own peer id: it is this session, listed by a tracker under our own address.
 * Not a failure worth retrying, nor misbehaviour worth banning its host for (other peers may share it).
 */
public class ConnectedToOurselvesException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConnectedToOurselvesException(String message) {
        super(message);
    }
}
