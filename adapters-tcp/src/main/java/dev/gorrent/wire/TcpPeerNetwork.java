package dev.gorrent.wire;

import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * Dials peers over TCP and runs the BEP 3 handshake, and listens for peers dialling us. Holds no state of
 * its own, so any thread may connect or listen; each listener has its own threads (see {@link TcpPeerListener}).
 */
public final class TcpPeerNetwork implements PeerNetwork {
    /**
     * Block arrays kept for reuse by all of this network's connections, dialled and accepted. A download keeps each
     * block until its piece is stored, so up to the pieces in flight (by default 8 MiB, 512 blocks, from one peer;
     * up to 32 MiB from many) plus the session's inbox (256 messages) circulate; kept fewer, the rest would be
     * garbage and fresh arrays each time. One pool for all, so memory does not grow with the number of peers.
     */
    static final int BLOCKS_KEPT = 1024;

    private final WireSettings settings;
    private final BlockPool blocks = new BlockPool(BLOCKS_KEPT);

    public TcpPeerNetwork(WireSettings settings) {
        this.settings = settings;
    }

    public WireSettings settings() {
        return settings;
    }

    /**
     * Connects within the connect timeout, then hands over to {@link TcpPeerConnection#handshakeOutgoing}.
     * Name resolution, when the host is not an IP literal, is not bounded by the timeout. Runs on the
     * caller's thread, which waits for the connection and the handshake.
     */
    @Override
    public TcpPeerConnection connect(PeerAddress address, Handshake ours) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            configure(channel, settings);
            InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
            if (remote.isUnresolved()) {
                throw new UnknownHostException(address.host());
            }
            // Blocking until connected (the adaptor bounds it by the timeout); the handshake makes it non-blocking.
            channel.socket().connect(remote, Durations.millis(settings.connectTimeout()));
        } catch (SocketTimeoutException e) {
            closeQuietly(channel, e);
            throw new IOException("peer " + address + " did not accept a connection within "
                    + Durations.describe(settings.connectTimeout()), e);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new IOException("cannot connect to peer " + address + ": " + e.getMessage(), e);
        }
        return TcpPeerConnection.handshakeOutgoing(channel, address, ours, settings, blocks);
    }

    /**
     * Listens on {@link WireSettings#bindAddress()}, on {@code preferredPort} or the next free port up to
     * 49 above it; {@link TcpPeerListener#port()} tells which one.
     *
     * @throws IOException              when every port in the range is taken (or cannot be bound)
     * @throws IllegalArgumentException when the port is not in 1..65535
     */
    @Override
    public TcpPeerListener listen(int preferredPort, IncomingPeers incoming) throws IOException {
        return TcpPeerListener.open(preferredPort, incoming, settings, blocks);
    }

    /**
     * Socket options for a peer connection. Buffer sizes, when fixed at all (by default the kernel sizes them,
     * see {@link WireSettings#KERNEL_TUNED}), must be set before connecting for the TCP window to scale to them;
     * Nagle is off because the session batches messages and flushes on purpose.
     */
    static void configure(SocketChannel channel, WireSettings settings) throws IOException {
        if (settings.fixesSocketBuffers()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.socketBufferSize());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.socketBufferSize());
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    private static void closeQuietly(SocketChannel channel, IOException primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
