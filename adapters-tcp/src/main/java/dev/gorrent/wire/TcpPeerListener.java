package dev.gorrent.wire;

import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.port.out.PeerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts peers on a listening channel and hands each one, handshaken, to {@link IncomingPeers}.
 *
 * <p>Threads: one daemon <em>acceptor</em> thread accepts channels (a blocking accept) and only passes them
 * on. Handshakes run on a small pool, at most {@link WireSettings#maxConcurrentHandshakes()} at once, each
 * bounded by the handshake timeout; a peer connecting while all slots are taken is hung up on at once, so
 * silent strangers cannot pile up threads or sockets. {@link IncomingPeers} is called on the pool's threads,
 * and a slot stays taken until {@link IncomingPeers#accepted} returns, so a receiver that is slow to take
 * connections slows accepting down. A failure on one channel is logged and never stops the acceptor.
 * {@link #close} may come from any thread, the receiver's included; it waits only for the acceptor to leave
 * its accept call.
 *
 * <p>Not limited here: how many accepted connections live on. The receiver owns each one and closes what
 * it has no room for.
 */
public final class TcpPeerListener implements PeerListener {
    private static final Logger log = LoggerFactory.getLogger(TcpPeerListener.class);
    /** How many ports are tried, the preferred one included: 6881 falls back up to 6930. */
    static final int PORT_RANGE = 50;
    private static final int HIGHEST_PORT = 65535;
    private static final int BACKLOG = 50;
    /** A failing accept (out of file descriptors, say) fails again at once; the pause keeps it from spinning. */
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 100;
    /** The acceptor leaves at once when the socket closes; this only bounds close() if it somehow does not. */
    private static final long ACCEPTOR_EXIT_WAIT_MILLIS = 2_000;

    private final ServerSocketChannel server;
    private final int port;
    private final IncomingPeers incoming;
    private final WireSettings settings;
    private final BlockPool blocks;
    private final Semaphore handshakeSlots;
    private final ThreadPoolExecutor handshakes;
    /** Channels whose handshake is queued or under way; close() hangs up on them. */
    private final Set<SocketChannel> handshaking = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;

    private TcpPeerListener(ServerSocketChannel server, int port, IncomingPeers incoming, WireSettings settings,
                            BlockPool blocks) {
        this.server = server;
        this.blocks = blocks;
        this.port = port;
        this.incoming = incoming;
        this.settings = settings;
        int slots = settings.maxConcurrentHandshakes();
        this.handshakeSlots = new Semaphore(slots);
        // The slots bound the work, so the queue never holds more than the slots allow.
        this.handshakes = new ThreadPoolExecutor(slots, slots, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("gorrent-peer-handshake-" + port + "-"));
        this.handshakes.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "gorrent-peer-acceptor-" + port);
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code preferredPort}, or the next free port up to {@link #PORT_RANGE} ports above it, on
     * {@link WireSettings#bindAddress()}, and starts accepting; connections read blocks into arrays from
     * {@code blocks}.
     *
     * @throws IOException              when no port in the range can be bound
     * @throws IllegalArgumentException when the port is not in 1..65535
     */
    static TcpPeerListener open(int preferredPort, IncomingPeers incoming, WireSettings settings, BlockPool blocks)
            throws IOException {
        ServerSocketChannel server = bind(preferredPort, settings);
        int port;
        try {
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
        TcpPeerListener listener = new TcpPeerListener(server, port, incoming, settings, blocks);
        listener.acceptor.start();
        log.debug("accepting peers on port {}", listener.port);
        return listener;
    }

    private static ServerSocketChannel bind(int preferredPort, WireSettings settings) throws IOException {
        if (preferredPort < 1 || preferredPort > HIGHEST_PORT) {
            throw new IllegalArgumentException("port " + preferredPort + " is not in 1.." + HIGHEST_PORT);
        }
        int lastPort = Math.min(HIGHEST_PORT, preferredPort + PORT_RANGE - 1);
        BindException lastRefusal = new BindException("no port tried");
        for (int port = preferredPort; port <= lastPort; port++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                // Before bind: accepted channels inherit it, and only then can the TCP window scale to it.
                if (settings.fixesSocketBuffers()) {
                    server.setOption(StandardSocketOptions.SO_RCVBUF, settings.socketBufferSize());
                }
                server.bind(new InetSocketAddress(settings.bindAddress(), port), BACKLOG);
                return server;
            } catch (BindException e) {
                closeQuietly(server);
                lastRefusal = e;
            } catch (IOException e) {
                closeQuietly(server);
                throw new IOException("cannot listen for peers on port " + port + where(settings) + ": "
                        + e.getMessage(), e);
            }
        }
        throw new IOException("no free port in " + preferredPort + ".." + lastPort + where(settings) + " ("
                + lastRefusal.getMessage() + ")", lastRefusal);
    }

    private static String where(WireSettings settings) {
        return settings.bindAddress().isAnyLocalAddress() ? "" : " on " + settings.bindAddress().getHostAddress();
    }

    @Override
    public int port() {
        return port;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                log.warn("accepting a peer on port {} failed: {}", port, e.getMessage());
                if (!pauseAfterFailure()) {
                    return;
                }
                continue;
            }
            try {
                handOff(channel);
            } catch (RuntimeException e) {
                log.warn("could not start the handshake with {}", remoteOf(channel), e);
                closeQuietly(channel);
            }
        }
    }

    private boolean pauseAfterFailure() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void handOff(SocketChannel channel) {
        if (!handshakeSlots.tryAcquire()) {
            log.debug("hung up on {}: {} handshakes already under way", remoteOf(channel),
                    settings.maxConcurrentHandshakes());
            closeQuietly(channel);
            return;
        }
        handshaking.add(channel);
        try {
            handshakes.execute(() -> handshake(channel));
        } catch (RejectedExecutionException e) {
            // Only after close(), which shut the pool down.
            handshaking.remove(channel);
            handshakeSlots.release();
            closeQuietly(channel);
        }
    }

    /**
     * On a pool thread: the handshake, then the hand-over. A failed handshake has closed the channel (and its
     * selectors) already; closing it again here covers failures before the handshake took it over.
     */
    private void handshake(SocketChannel channel) {
        TcpPeerConnection connection = null;
        try {
            TcpPeerNetwork.configure(channel, settings);
            connection = TcpPeerConnection.handshakeIncoming(channel, incoming::handshakeFor, settings, blocks);
            handshaking.remove(channel);
            if (closed.get()) {
                connection.close();
                return;
            }
            incoming.accepted(connection);
        } catch (IOException e) {
            log.debug("refused incoming peer {}: {}", remoteOf(channel), e.getMessage());
            closeQuietly(channel);
        } catch (RuntimeException e) {
            // The receiver failed: nobody owns the connection, so it is closed (with its writer thread).
            log.warn("incoming peer {} could not be handed over", remoteOf(channel), e);
            if (connection != null) {
                connection.close();
            } else {
                closeQuietly(channel);
            }
        } finally {
            handshaking.remove(channel);
            handshakeSlots.release();
        }
    }

    /** For log lines: never throws, also once the channel is closed. */
    private static Object remoteOf(SocketChannel channel) {
        return channel.socket().getRemoteSocketAddress();
    }

    /**
     * Stops accepting and closes the listening channel; idempotent. Waits only for the acceptor thread to
     * leave its accept call (at once), never for handshakes or receivers. Handshakes under way are
     * cut off: their channels are closed, and their threads interrupted, which ends a handshake waiting for
     * the peer at once (closing a channel alone does not wake a select). A hand-over blocked in
     * {@link IncomingPeers#accepted} is interrupted too. Connections already handed over stay open.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        awaitAcceptorExit();
        // Shut down first: a channel the acceptor adds after this is refused by the pool and closed there.
        handshakes.shutdownNow();
        for (SocketChannel channel : handshaking) {
            closeQuietly(channel);
        }
        log.debug("stopped accepting peers on port {}", port);
    }

    /**
     * The kernel frees the listening socket only once the acceptor's pending accept call returns, which
     * closing merely signals; until then peers could still connect. Waiting for the acceptor (it leaves at
     * once) makes "closed" mean closed when close() returns.
     */
    private void awaitAcceptorExit() {
        if (Thread.currentThread() == acceptor) {
            return;
        }
        try {
            acceptor.join(ACCEPTOR_EXIT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acceptor.isAlive()) {
            log.warn("the acceptor on port {} did not stop within {} ms", port, ACCEPTOR_EXIT_WAIT_MILLIS);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("closing {} failed", closeable, e);
        }
    }

    @Override
    public String toString() {
        return "TcpPeerListener[port " + port + "]";
    }
}
