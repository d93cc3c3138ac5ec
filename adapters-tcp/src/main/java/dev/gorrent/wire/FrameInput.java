package dev.gorrent.wire;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * A connection's buffered input, which can tell whether the next frame has arrived in full, so that a
 * burst of messages is read without ever blocking halfway through one. Used by the reading thread only.
 */
final class FrameInput extends DataInputStream {
    private static final int PREFIX = 4;

    private final ThreadOwnedBuffer buffered;

    FrameInput(ThreadOwnedBuffer.Source source, int bufferSize) {
        this(new ThreadOwnedBuffer(source, bufferSize));
    }

    private FrameInput(ThreadOwnedBuffer buffered) {
        super(buffered);
        this.buffered = buffered;
    }

    /**
     * Whether the next frame's length prefix and body are all here; never blocks. The source is asked only
     * when the buffer does not already hold the frame, so a buffered burst costs no system call per message.
     * A prefix that cannot be a frame (negative) counts as arrived, so that reading it reports the violation.
     * A frame larger than the buffer never counts as arrived: it is read by blocking, once it is next.
     */
    boolean frameArrived() throws IOException {
        return frameBuffered() || (buffered.topUp() && frameBuffered());
    }

    private boolean frameBuffered() throws IOException {
        int available = buffered.available();
        if (available < PREFIX) {
            return false;
        }
        int length = buffered.peekInt();
        return length < 0 || available - PREFIX >= length;
    }
}
