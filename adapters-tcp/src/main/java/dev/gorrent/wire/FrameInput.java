package dev.gorrent.wire;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A connection's buffered input, which can tell whether the next frame has arrived in full, so that a
 * burst of messages is read without ever blocking halfway through one. Used by the reading thread only.
 */
final class FrameInput extends DataInputStream {
    private static final int PREFIX = 4;

    private final ThreadOwnedBuffer buffered;

    FrameInput(InputStream socketInput, int bufferSize) {
        this(new ThreadOwnedBuffer(socketInput, bufferSize));
    }

    private FrameInput(ThreadOwnedBuffer buffered) {
        super(buffered);
        this.buffered = buffered;
    }

    /**
     * Whether the next frame's length prefix and body are all buffered or waiting in the socket. A prefix
     * that cannot be a frame (negative) counts as arrived, so that reading it reports the violation.
     */
    boolean frameArrived() throws IOException {
        int available = buffered.available();
        if (available < PREFIX) {
            return false;
        }
        int length = buffered.peekInt();
        return length < 0 || available - PREFIX >= length;
    }
}
