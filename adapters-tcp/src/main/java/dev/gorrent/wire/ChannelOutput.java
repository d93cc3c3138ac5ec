package dev.gorrent.wire;

import dev.gorrent.application.port.out.BlockSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A connection's buffered output. Bytes gather in a direct buffer, which the channel sends as it is: written
 * from a heap array, the JDK would first copy them into a temporary direct buffer of its own. A block given as an
 * array is copied once, into this buffer, which goes out whenever it is full and on {@link #flush}; a block given
 * as a source goes from the source to the channel, after the buffer.
 *
 * <p>Threads: the connection's writer thread only. Closing is the channel's owner's business (closing this
 * stream does nothing); a closed channel makes the next write that reaches it fail.
 */
final class ChannelOutput extends OutputStream {
    private final TimedChannel channel;
    /** Bytes not yet sent lie between 0 and the position. */
    private final ByteBuffer buffer;
    private final long timeoutNanos;

    /** @param timeoutNanos how long a drain may go without writing a byte before it fails */
    ChannelOutput(TimedChannel channel, int size, long timeoutNanos) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(size);
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int at = offset;
        int left = length;
        while (left > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int moved = Math.min(left, buffer.remaining());
            buffer.put(bytes, at, moved);
            at += moved;
            left -= moved;
        }
    }

    /**
     * Sends what is buffered, then has {@code source} move {@code length} bytes straight to the channel: a block
     * on disk goes from the system's file cache to the socket without a copy in this process.
     *
     * @throws IOException when the source fails, or the channel does
     */
    void transferFrom(BlockSource source, int length) throws IOException {
        drain();
        channel.transferFully(source, length, timeoutNanos);
    }

    /**
     * Sends everything buffered.
     *
     * @throws TimedChannel.WriteTimeoutException when the peer took nothing for the timeout
     */
    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        channel.writeFully(buffer, timeoutNanos);
        buffer.clear();
    }
}
