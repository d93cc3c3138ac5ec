package dev.gorrent.wire;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A handshaken BEP 3 connection over a blocking socket, with its own writer thread so that sending never
 * waits on the network.
 *
 * <p>Threads and what they touch:
 * <ul>
 *   <li>The <em>reader</em>: exactly one caller thread runs {@link #receive}; it alone touches the input
 *       stream.</li>
 *   <li><em>Senders</em>: any thread may {@link #send} and {@link #flush}. They only put messages (the objects
 *       themselves, blocks are not copied) on a queue bounded by {@link WireSettings#maxQueuedBytes()}, under
 *       {@code lock}, and never touch the socket. A send waits only while the queue is full, and at most
 *       {@link WireSettings#writeTimeout()}; then the peer counts as not reading and the connection is
 *       closed.</li>
 *   <li>The <em>writer</em>: one daemon thread per connection alone touches the output stream. It takes
 *       messages off the queue in order and writes them without holding the lock; it pushes the stream to
 *       the socket once it has drained the queue after a {@link #flush}, and starts draining unasked once
 *       64 KiB are queued, as a plain buffered stream would. Blocking sockets have no write timeout, so the
 *       write's progress is watched ({@link ProgressOutputStream}) and the next send or flush closes a
 *       connection whose write has been stuck for the write timeout.</li>
 *   <li>{@link #close} may come from any thread and never waits: it closes the socket, which makes a
 *       blocked receive or write fail at once, and wakes waiting senders and the writer, which then ends.
 *       Messages still queued are dropped.</li>
 * </ul>
 *
 * <p>Keep-alives: there is no timer here. The connection times out after {@link WireSettings#readTimeout()}
 * of silence from the peer, so the session must itself send a {@code KeepAlive} (and flush) when it has
 * sent nothing for a while; BEP 3 peers expect one about every two minutes.
 */
public final class TcpPeerConnection implements PeerConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpPeerConnection.class);
    /** Big enough to batch many small messages per system call, small enough per connection. */
    private static final int STREAM_BUFFER = 64 * 1024;
    /** Queued bytes at which the writer starts draining without a flush, like a full stream buffer would. */
    private static final int DRAIN_THRESHOLD = STREAM_BUFFER;

    private final Socket socket;
    private final PeerAddress address;
    private final PeerId remotePeerId;
    private final WireSettings settings;
    private final long writeTimeoutNanos;
    private final MessageCodec codec;
    private final BlockPool blocks;
    private final FrameInput in;
    private final ProgressOutputStream progress;
    /** Touched by the writer thread only. */
    private final OutputStream out;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition roomMade = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    /** Guarded by lock; counts the message the writer is writing until it is written. */
    private long queuedBytes;
    /** Guarded by lock; set by flush (or a sender short of room), cleared when the writer pushes. */
    private boolean flushWanted;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why we closed the connection ourselves, when it was not simply asked to close. */
    private volatile IOException closeReason;

    /** A queued message and its size on the wire, computed once by the sender. */
    private record Outgoing(PeerMessage message, int size) {
    }

    private TcpPeerConnection(Socket socket, PeerAddress address, PeerId remotePeerId, WireSettings settings,
                              FrameInput in, BlockPool blocks) throws IOException {
        this.socket = socket;
        this.blocks = blocks;
        this.address = address;
        this.remotePeerId = remotePeerId;
        this.settings = settings;
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.codec = new MessageCodec(settings.maxFrameLength());
        this.in = in;
        this.progress = new ProgressOutputStream(socket.getOutputStream());
        this.out = new BufferedOutputStream(progress, STREAM_BUFFER);
        this.writer = new Thread(this::writeLoop, "gorrent-wire-writer-" + address);
        this.writer.setDaemon(true);
    }

    /**
     * The dialling side: on a connected socket, sends our handshake, then reads the peer's and checks it
     * names our torrent. Closes the socket when anything fails. Received blocks are read into arrays from
     * {@code blocks}, which the connections of one network share.
     */
    public static TcpPeerConnection handshakeOutgoing(Socket socket, PeerAddress address, Handshake ours,
                                                      WireSettings settings, BlockPool blocks) throws IOException {
        boolean handedOver = false;
        try {
            socket.setSoTimeout(Durations.millis(settings.handshakeTimeout()));
            FrameInput in = inputOf(socket);
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
            TcpPeerConnection connection = established(socket, address, theirs, settings, in, blocks);
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
     * when anything fails. Received blocks are read into arrays from {@code blocks}, as for outgoing ones.
     */
    public static TcpPeerConnection handshakeIncoming(Socket socket, Function<InfoHash, Optional<Handshake>> ourHandshakeFor,
                                                      WireSettings settings, BlockPool blocks) throws IOException {
        PeerAddress address = new PeerAddress(socket.getInetAddress().getHostAddress(), socket.getPort());
        boolean handedOver = false;
        try {
            socket.setSoTimeout(Durations.millis(settings.handshakeTimeout()));
            FrameInput in = inputOf(socket);
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
            TcpPeerConnection connection = established(socket, address, theirs, settings, in, blocks);
            handedOver = true;
            return connection;
        } finally {
            if (!handedOver) {
                closeQuietly(socket);
            }
        }
    }

    private static TcpPeerConnection established(Socket socket, PeerAddress address, Handshake theirs,
                                                 WireSettings settings, FrameInput in, BlockPool blocks)
            throws IOException {
        socket.setSoTimeout(Durations.millis(settings.readTimeout()));
        log.debug("handshake with {} done, remote id {}", address, theirs.peerId());
        TcpPeerConnection connection = new TcpPeerConnection(socket, address, theirs.peerId(), settings, in, blocks);
        connection.writer.start();
        return connection;
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

    private static FrameInput inputOf(Socket socket) throws IOException {
        return new FrameInput(socket.getInputStream(), STREAM_BUFFER);
    }

    /** The handshake goes out as one array, so it needs no buffer of its own. */
    private static OutputStream outputOf(Socket socket) throws IOException {
        return socket.getOutputStream();
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
                Optional<PeerMessage> message = codec.read(in, blocks);
                if (message.isPresent()) {
                    return message.get();
                }
            }
        } catch (IOException e) {
            throw closedAfter(e);
        }
    }

    /**
     * The next message, then whichever of the following ones have arrived in full, up to {@code max} in
     * all; never blocks once it has the first. Failures close the connection as {@link #receive} does.
     */
    @Override
    public List<PeerMessage> receiveAvailable(int max) throws IOException {
        List<PeerMessage> messages = new ArrayList<>(Math.min(max, 16));
        messages.add(receive());
        try {
            while (messages.size() < max && in.frameArrived()) {
                // No method reference here: capturing one per message is an allocation C1 leaves in.
                Optional<PeerMessage> message = codec.read(in, blocks);
                if (message.isPresent()) {
                    messages.add(message.get());
                }
            }
        } catch (IOException e) {
            throw closedAfter(e);
        }
        return messages;
    }

    /** A failed read leaves the stream mid-frame: closes the connection and says why the read failed. */
    private IOException closedAfter(IOException e) {
        boolean closedByUs = closed.get();
        close();
        return receiveFailure(e, closedByUs);
    }

    private IOException receiveFailure(IOException e, boolean closedByUs) {
        if (closedByUs) {
            IOException reason = closeReason;
            return reason != null ? new IOException(reason.getMessage(), reason)
                    : new IOException("connection to peer " + address + " is closed", e);
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

    /** Takes the array of a received block back, for a later block to be read into. */
    @Override
    public void release(PeerMessage.Piece received) {
        blocks.give(received.block());
    }

    /**
     * Queues one message for the writer thread and returns; it reaches the wire after {@link #flush}, or
     * earlier once enough is queued. Waits only while the queue is full, and at most the write timeout.
     * The message itself is queued, so a {@code Piece}'s block goes out as it is when the writer gets to it
     * (the block is handed over with the message, as {@link PeerMessage.Piece} says).
     *
     * @throws IOException              when the connection is closed, or the peer has not been reading for the
     *                                  write timeout (the connection is then closed)
     * @throws IllegalArgumentException when the message is too large for the wire (see {@link MessageCodec})
     */
    @Override
    public void send(PeerMessage message) throws IOException {
        int size = codec.frameLength(message);
        requireWriterProgress();
        IOException notReading = null;
        lock.lock();
        try {
            requireOpen();
            long deadline = System.nanoTime() + writeTimeoutNanos;
            // An empty queue takes any message, so one larger than the limit cannot wait forever.
            while (queuedBytes > 0 && queuedBytes + size > settings.maxQueuedBytes()) {
                // Whoever queued the rest may not have flushed yet; a full queue must drain regardless.
                flushWanted = true;
                workArrived.signal();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    notReading = new IOException("peer " + address + " is not reading ("
                            + Sizes.describe(settings.maxQueuedBytes()) + " queued for "
                            + Durations.describe(settings.writeTimeout()) + ")");
                    break;
                }
                roomMade.awaitNanos(left);
                requireOpen();
            }
            if (notReading == null) {
                queue.addLast(new Outgoing(message, size));
                queuedBytes += size;
                if (queuedBytes >= DRAIN_THRESHOLD) {
                    workArrived.signal();
                }
            }
        } catch (InterruptedException e) {
            // Nothing was queued, so the stream is still whole and the connection stays usable.
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send to peer " + address);
        } finally {
            lock.unlock();
        }
        if (notReading != null) {
            closeFor(notReading);
            throw notReading;
        }
    }

    /** Asks the writer thread to push everything queued so far onto the wire; does not wait for it. */
    @Override
    public void flush() throws IOException {
        requireWriterProgress();
        lock.lock();
        try {
            requireOpen();
            flushWanted = true;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread's loop: one message at a time, in queue order, the lock never held while writing. */
    private void writeLoop() {
        try {
            while (true) {
                Outgoing next;
                lock.lock();
                try {
                    while (!closed.get() && !flushWanted && queuedBytes < DRAIN_THRESHOLD) {
                        workArrived.await();
                    }
                    if (closed.get()) {
                        return;
                    }
                    next = queue.pollFirst();
                    if (next == null) {
                        // Everything asked for is in the stream buffer; what arrives from now on waits its turn.
                        flushWanted = false;
                    }
                } finally {
                    lock.unlock();
                }
                if (next == null) {
                    out.flush();
                    continue;
                }
                codec.write(next.message(), out);
                lock.lock();
                try {
                    queuedBytes -= next.size();
                    roomMade.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            closeFor(new IOException("sending to peer " + address + " stopped: the writer thread was interrupted"));
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                log.debug("writing to {} failed", address, e);
                closeFor(new IOException("sending to peer " + address + " failed: " + e.getMessage(), e));
            }
        }
    }

    /** Blocking sockets have no write timeout, so a stuck write is caught here, by the next caller. */
    private void requireWriterProgress() throws IOException {
        if (closed.get() || progress.stalledNanos(System.nanoTime()) <= writeTimeoutNanos) {
            return;
        }
        IOException notReading = new IOException("peer " + address + " is not reading (nothing could be written for "
                + Durations.describe(settings.writeTimeout()) + ")");
        closeFor(notReading);
        throw notReading;
    }

    private void requireOpen() throws IOException {
        if (closed.get()) {
            IOException reason = closeReason;
            throw reason != null ? new IOException(reason.getMessage(), reason)
                    : new IOException("connection to peer " + address + " is closed");
        }
    }

    @Override
    public void close() {
        closeFor(null);
    }

    /** Closes once; a reason, when given, is what later sends and receives report. */
    private void closeFor(IOException reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        closeQuietly(socket);
        lock.lock();
        try {
            workArrived.signalAll();
            roomMade.signalAll();
        } finally {
            lock.unlock();
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
