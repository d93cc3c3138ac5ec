package dev.gorrent.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Timeouts and limits for peer connections and for the listening socket.
 *
 * @param connectTimeout          how long a TCP connect may take
 * @param handshakeTimeout        how long the peer may take to send its handshake once connected
 * @param readTimeout             how long a connection may stay silent; BEP 3 peers send a keep-alive about
 *                                every 2 minutes, so this should sit comfortably above that
 * @param writeTimeout            how long a peer may leave our messages unread: a send waiting for room in a
 *                                full outgoing queue, or a socket write making no progress, gives up after it
 * @param maxFrameLength          the largest length prefix accepted; anything above is refused before a byte
 *                                of it is allocated (PIECE blocks have their own, smaller cap, see
 *                                {@link MessageCodec})
 * @param socketBufferSize        the kernel send and receive buffer asked for on every socket, fixed; or
 *                                {@link #KERNEL_TUNED} (the default) to leave them to the kernel, which on
 *                                Linux grows each with the connection's bandwidth and round trip
 * @param maxQueuedBytes          the most encoded bytes a connection holds for its writer thread; the default
 *                                fits a 500-request pipeline or about 250 queued 16 KiB blocks
 * @param maxConcurrentHandshakes how many incoming peers may be in their handshake at once; a peer
 *                                connecting beyond that is hung up on at once
 * @param bindAddress             the local address the listener binds; by default the wildcard address,
 *                                meaning every interface
 */
public record WireSettings(
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxFrameLength,
        int socketBufferSize,
        int maxQueuedBytes,
        int maxConcurrentHandshakes,
        InetAddress bindAddress) {

    /** The largest fixed-size message (REQUEST and CANCEL: id plus three integers) must always fit. */
    private static final int SMALLEST_USEFUL_FRAME = 13;
    private static final int MIB = 1 << 20;
    /**
     * Asks for no buffer size. Linux grows a socket's buffers to what the connection needs (up to
     * {@code net.ipv4.tcp_rmem} and {@code tcp_wmem}'s maximum) only while no size was set; a fixed 1 MiB
     * caps a peer at about 1 MiB per round trip, 10 MB/s at 100 ms, below what 8 MiB in flight allow.
     */
    public static final int KERNEL_TUNED = 0;

    public WireSettings {
        requireUsableTimeout(connectTimeout, "connect timeout");
        requireUsableTimeout(handshakeTimeout, "handshake timeout");
        requireUsableTimeout(readTimeout, "read timeout");
        requireUsableTimeout(writeTimeout, "write timeout");
        if (maxFrameLength < SMALLEST_USEFUL_FRAME) {
            throw new IllegalArgumentException("max frame length " + maxFrameLength + " is below "
                    + SMALLEST_USEFUL_FRAME + " bytes, too small for a REQUEST");
        }
        if (socketBufferSize < 0) {
            throw new IllegalArgumentException("socket buffer size " + socketBufferSize
                    + " is negative; use KERNEL_TUNED to leave it to the kernel");
        }
        requirePositive(maxQueuedBytes, "outgoing queue limit");
        requirePositive(maxConcurrentHandshakes, "concurrent handshake limit");
        if (bindAddress == null) {
            throw new IllegalArgumentException("bind address is missing; use allInterfaces() for every interface");
        }
    }

    /**
     * 5 s to connect, 10 s for the handshake, 150 s of silence, 30 s for a peer to read, 1 MiB frames,
     * socket buffers sized by the kernel, 4 MiB queued per connection, 16 handshakes at once, every interface.
     */
    public static WireSettings defaults() {
        return new WireSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(150),
                Duration.ofSeconds(30), MessageCodec.DEFAULT_MAX_FRAME_LENGTH, KERNEL_TUNED, 4 * MIB, 16,
                allInterfaces());
    }

    /** The wildcard address, which binds every interface (IPv6 and IPv4 where the system allows both). */
    public static InetAddress allInterfaces() {
        return new InetSocketAddress(0).getAddress();
    }

    public WireSettings withConnectTimeout(Duration timeout) {
        return new WireSettings(timeout, handshakeTimeout, readTimeout, writeTimeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, maxConcurrentHandshakes, bindAddress);
    }

    public WireSettings withHandshakeTimeout(Duration timeout) {
        return new WireSettings(connectTimeout, timeout, readTimeout, writeTimeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, maxConcurrentHandshakes, bindAddress);
    }

    public WireSettings withReadTimeout(Duration timeout) {
        return new WireSettings(connectTimeout, handshakeTimeout, timeout, writeTimeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, maxConcurrentHandshakes, bindAddress);
    }

    public WireSettings withWriteTimeout(Duration timeout) {
        return new WireSettings(connectTimeout, handshakeTimeout, readTimeout, timeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, maxConcurrentHandshakes, bindAddress);
    }

    /** Whether sockets get buffers of {@link #socketBufferSize} instead of the kernel's growing ones. */
    public boolean fixesSocketBuffers() {
        return socketBufferSize != KERNEL_TUNED;
    }

    public WireSettings withSocketBufferSize(int bytes) {
        return new WireSettings(connectTimeout, handshakeTimeout, readTimeout, writeTimeout, maxFrameLength,
                bytes, maxQueuedBytes, maxConcurrentHandshakes, bindAddress);
    }

    public WireSettings withMaxQueuedBytes(int bytes) {
        return new WireSettings(connectTimeout, handshakeTimeout, readTimeout, writeTimeout, maxFrameLength,
                socketBufferSize, bytes, maxConcurrentHandshakes, bindAddress);
    }

    public WireSettings withMaxConcurrentHandshakes(int handshakes) {
        return new WireSettings(connectTimeout, handshakeTimeout, readTimeout, writeTimeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, handshakes, bindAddress);
    }

    public WireSettings withBindAddress(InetAddress address) {
        return new WireSettings(connectTimeout, handshakeTimeout, readTimeout, writeTimeout, maxFrameLength,
                socketBufferSize, maxQueuedBytes, maxConcurrentHandshakes, address);
    }

    private static void requireUsableTimeout(Duration timeout, String what) {
        if (timeout == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        // Sockets take whole milliseconds as an int, and 0 would mean "wait forever".
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + timeout + " is not between 1 ms and "
                    + Integer.MAX_VALUE + " ms");
        }
    }

    private static void requirePositive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " " + value + " is not positive");
        }
    }
}
