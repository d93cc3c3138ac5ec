package dev.gorrent.wire;

import java.time.Duration;

/**
 * Timeouts and limits for peer connections.
 *
 * @param connectTimeout   how long a TCP connect may take
 * @param handshakeTimeout how long the peer may take to send its handshake once connected
 * @param readTimeout      how long a connection may stay silent; BEP 3 peers send a keep-alive about
 *                         every 2 minutes, so this should sit comfortably above that
 * @param maxFrameLength   the largest length prefix accepted; anything above is refused before a byte of
 *                         it is allocated (PIECE blocks have their own, smaller cap, see {@link MessageCodec})
 * @param socketBufferSize the kernel send and receive buffer asked for on every socket
 */
public record WireSettings(
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration readTimeout,
        int maxFrameLength,
        int socketBufferSize) {

    /** The largest fixed-size message (REQUEST and CANCEL: id plus three integers) must always fit. */
    private static final int SMALLEST_USEFUL_FRAME = 13;

    public WireSettings {
        requireUsableTimeout(connectTimeout, "connect timeout");
        requireUsableTimeout(handshakeTimeout, "handshake timeout");
        requireUsableTimeout(readTimeout, "read timeout");
        if (maxFrameLength < SMALLEST_USEFUL_FRAME) {
            throw new IllegalArgumentException("max frame length " + maxFrameLength + " is below "
                    + SMALLEST_USEFUL_FRAME + " bytes, too small for a REQUEST");
        }
        if (socketBufferSize < 1) {
            throw new IllegalArgumentException("socket buffer size " + socketBufferSize + " is not positive");
        }
    }

    /** 5 s to connect, 10 s for the handshake, 150 s of silence, 1 MiB frames, 1 MiB socket buffers. */
    public static WireSettings defaults() {
        return new WireSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(150),
                MessageCodec.DEFAULT_MAX_FRAME_LENGTH, 1 << 20);
    }

    public WireSettings withReadTimeout(Duration timeout) {
        return new WireSettings(connectTimeout, handshakeTimeout, timeout, maxFrameLength, socketBufferSize);
    }

    public WireSettings withHandshakeTimeout(Duration timeout) {
        return new WireSettings(connectTimeout, timeout, readTimeout, maxFrameLength, socketBufferSize);
    }

    public WireSettings withConnectTimeout(Duration timeout) {
        return new WireSettings(timeout, handshakeTimeout, readTimeout, maxFrameLength, socketBufferSize);
    }

    private static void requireUsableTimeout(Duration timeout, String what) {
        // Sockets take whole milliseconds as an int, and 0 would mean "wait forever".
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + timeout + " is not between 1 ms and "
                    + Integer.MAX_VALUE + " ms");
        }
    }
}
