package dev.gorrent.wire;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A handshaken BEP 3 connection over a blocking socket.
 *
 * <p>Threads: exactly one thread calls {@link #receive} (the peer's reader); any thread may {@link #send}
 * and {@link #flush}, serialised on a send lock, concurrently with that reader. {@link #close} may come from
 * any thread, does not take the send lock (a send stuck on a full socket cannot block it) and makes a
 * blocked receive fail at once.
 *
 * <p>Keep-alives: there is no timer here. The connection times out after {@link WireSettings#readTimeout()}
 * of silence from the peer, so the session must itself send a {@code KeepAlive} (and flush) when it has
 * sent nothing for a while; BEP 3 peers expect one about every two minutes.
 */
public final class TcpPeerConnection implements PeerConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpPeerConnection.class);
    /** Big enough to batch many small messages per system call, small enough per connection. */
    private static final int STREAM_BUFFER = 64 * 1024;

    private final Socket socket;
    private final PeerAddress address;
    private final PeerId remotePeerId;
    private final WireSettings settings;
    private final MessageCodec codec;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object sendLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TcpPeerConnection(Socket socket, PeerAddress address, PeerId remotePeerId, WireSettings settings,
                              DataInputStream in, OutputStream out) {
        this.socket = socket;
        this.address = address;
        this.remotePeerId = remotePeerId;
        this.settings = settings;
        this.codec = new MessageCodec(settings.maxFrameLength());
        this.in = in;
        this.out = out;
    }

    /**
     * The dialling side: on a connected socket, sends our handshake, then reads the peer's and checks it
     * names our torrent. Closes the socket when anything fails.
     */
    public static TcpPeerConnection handshakeOutgoing(Socket socket, PeerAddress address, Handshake ours,
                                                      WireSettings settings) throws IOException {
        boolean handedOver = false;
        try {
            socket.setSoTimeout(Durations.millis(settings.handshakeTimeout()));
            DataInputStream in = inputOf(socket);
            OutputStream out = outputOf(socket);
            Handshake theirs;
            try {
                HandshakeCodec.write(ours, out);
                out.flush();
                theirs = HandshakeCodec.read(in);
            } catch (IOException e) {
                throw handshakeFailure(address, settings, e);
            }
            if (!theirs.infoHash().equals(ours.infoHash())) {
                throw new IOException("peer " + address + " answered for another torrent (" + theirs.infoHash()
                        + " instead of " + ours.infoHash() + ")");
            }
            requireNotOurselves(address, ours, theirs);
            TcpPeerConnection connection = established(socket, address, theirs, settings, in, out);
            handedOver = true;
            return connection;
        } finally {
            if (!handedOver) {
                closeQuietly(socket);
            }
        }
    }

    /**
     * The accepting side: on an accepted socket, reads the peer's handshake first, asks which handshake we
     * answer for its info-hash (empty when we do not serve that torrent) and sends it. Closes the socket
     * when anything fails.
     */
    public static TcpPeerConnection handshakeIncoming(Socket socket, Function<InfoHash, Optional<Handshake>> ourHandshakeFor,
                                                      WireSettings settings) throws IOException {
        PeerAddress address = new PeerAddress(socket.getInetAddress().getHostAddress(), socket.getPort());
        boolean handedOver = false;
        try {
            socket.setSoTimeout(Durations.millis(settings.handshakeTimeout()));
            DataInputStream in = inputOf(socket);
            OutputStream out = outputOf(socket);
            Handshake theirs;
            try {
                theirs = HandshakeCodec.read(in);
            } catch (IOException e) {
                throw handshakeFailure(address, settings, e);
            }
            Handshake ours = ourHandshakeFor.apply(theirs.infoHash()).orElseThrow(() -> new IOException(
                    "peer " + address + " asked for torrent " + theirs.infoHash() + ", which we do not serve"));
            requireNotOurselves(address, ours, theirs);
            try {
                HandshakeCodec.write(ours, out);
                out.flush();
            } catch (IOException e) {
                throw new IOException("cannot answer the handshake of peer " + address + ": " + e.getMessage(), e);
            }
            TcpPeerConnection connection = established(socket, address, theirs, settings, in, out);
            handedOver = true;
            return connection;
        } finally {
            if (!handedOver) {
                closeQuietly(socket);
            }
        }
    }

    private static TcpPeerConnection established(Socket socket, PeerAddress address, Handshake theirs,
                                                 WireSettings settings, DataInputStream in, OutputStream out)
            throws IOException {
        socket.setSoTimeout(Durations.millis(settings.readTimeout()));
        log.debug("handshake with {} done, remote id {}", address, theirs.peerId());
        return new TcpPeerConnection(socket, address, theirs.peerId(), settings, in, out);
    }

    private static void requireNotOurselves(PeerAddress address, Handshake ours, Handshake theirs) throws IOException {
        if (theirs.peerId().equals(ours.peerId())) {
            throw new IOException("peer " + address + " is this client itself (same peer id)");
        }
    }

    private static IOException handshakeFailure(PeerAddress address, WireSettings settings, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new IOException("peer " + address + " sent no handshake within "
                    + Durations.describe(settings.handshakeTimeout()), e);
        }
        if (e instanceof EOFException) {
            return new IOException("peer " + address + " closed the connection during the handshake", e);
        }
        if (e instanceof ProtocolViolationException) {
            return new ProtocolViolationException("peer " + address + " sent a bad handshake: " + e.getMessage(), e);
        }
        return new IOException("handshake with peer " + address + " failed: " + e.getMessage(), e);
    }

    private static DataInputStream inputOf(Socket socket) throws IOException {
        return new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER));
    }

    private static OutputStream outputOf(Socket socket) throws IOException {
        return new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER);
    }

    @Override
    public PeerAddress address() {
        return address;
    }

    @Override
    public PeerId remotePeerId() {
        return remotePeerId;
    }

    /**
     * Blocks for the next message, silently passing over messages of extensions we do not speak. Any
     * failure closes the connection, since a half-read frame leaves the stream unusable.
     */
    @Override
    public PeerMessage receive() throws IOException {
        try {
            while (true) {
                Optional<PeerMessage> message = codec.read(in);
                if (message.isPresent()) {
                    return message.get();
                }
            }
        } catch (IOException e) {
            boolean closedByUs = closed.get();
            close();
            throw receiveFailure(e, closedByUs);
        }
    }

    private IOException receiveFailure(IOException e, boolean closedByUs) {
        if (closedByUs) {
            return new IOException("connection to peer " + address + " is closed", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new IOException("peer " + address + " sent nothing for "
                    + Durations.describe(settings.readTimeout()), e);
        }
        if (e instanceof EOFException) {
            return new IOException("peer " + address + " closed the connection", e);
        }
        if (e instanceof ProtocolViolationException) {
            return new ProtocolViolationException("peer " + address + " broke the protocol: " + e.getMessage(), e);
        }
        return new IOException("reading from peer " + address + " failed: " + e.getMessage(), e);
    }

    /** Buffers one message; a failed send closes the connection, as a half-written frame cannot be undone. */
    @Override
    public void send(PeerMessage message) throws IOException {
        synchronized (sendLock) {
            requireOpen();
            try {
                codec.write(message, out);
            } catch (IOException e) {
                close();
                throw new IOException("sending to peer " + address + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (sendLock) {
            requireOpen();
            try {
                out.flush();
            } catch (IOException e) {
                close();
                throw new IOException("sending to peer " + address + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void requireOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("connection to peer " + address + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing socket to {} failed", socket.getRemoteSocketAddress(), e);
        }
    }

    @Override
    public String toString() {
        return "TcpPeerConnection[" + address + "]";
    }
}
