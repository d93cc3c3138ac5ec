package dev.gorrent.wire;

import dev.gorrent.application.port.out.BlockSource;
import dev.gorrent.application.port.out.ConnectedToOurselvesException;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A handshaken BEP 3 connection over a non-blocking channel ({@link TimedChannel}), with its own writer
 * thread so that sending never waits on the network.
 *
 * <p>Threads and what they touch:
 * <ul>
 *   <li>The <em>reader</em>: exactly one caller thread runs {@link #receive}; it alone touches the input
 *       ({@link FrameInput}) and reads from the channel, waiting at most {@link WireSettings#readTimeout()}
 *       for each read.</li>
 *   <li><em>Senders</em>: any thread may {@link #send} and {@link #flush}. They only put messages (the objects
 *       themselves, blocks are not copied) on a queue bounded by {@link WireSettings#maxQueuedBytes()}, under
 *       {@code lock}, and never touch the channel. A send waits only while the queue is full, and at most
 *       {@link WireSettings#writeTimeout()}; then the peer counts as not reading and the connection is
 *       closed.</li>
 *   <li>The <em>writer</em>: one daemon thread per connection alone touches the output
 *       ({@link ChannelOutput}) and writes to the channel. It takes messages off the queue in order and writes
 *       them without holding the lock; it pushes the buffer to the channel once it has drained the queue after
 *       a {@link #flush}, and starts draining unasked once 64 KiB are queued, as a plain buffered stream would.
 *       A write that gets no byte out for the write timeout makes the writer close the connection: the peer
 *       is not reading. Blocks queued by {@link #sendBlock} are read from their source on this thread, into the
 *       buffer behind their header; one too large for the buffer goes from its source to the channel itself
 *       (for uploads, from the system's file cache to the socket).</li>
 *   <li>{@link #close} may come from any thread and never waits for the network: it closes the channel and
 *       its selectors, which makes a waiting receive or write fail at once, and wakes waiting senders and the
 *       writer, which then ends. Messages still queued are dropped.</li>
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

    private final TimedChannel channel;
    private final PeerAddress address;
    private final PeerId remotePeerId;
    private final WireSettings settings;
    private final long writeTimeoutNanos;
    private final MessageCodec codec;
    private final BlockPool blocks;
    /** Touched by the reader only. */
    private final FrameInput in;
    /** Touched by the writer thread only. */
    private final ChannelOutput out;
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
    /**
     * Guarded by lock; whether the last of CHOKE and UNCHOKE queued was a CHOKE. Blocks queued while it holds are
     * dropped: queue order is wire order, so none ever follows a CHOKE that discarded its request.
     */
    private boolean peerChoked;

    /**
     * Null while open; set once, by whoever closes first, to why: what later sends and receives report. One
     * reference for both "closed" and "why", so nobody can see the one without the other.
     */
    private final AtomicReference<IOException> closedBecause = new AtomicReference<>();

    /** What waits in the queue for the writer, with its size on the wire, computed once by the sender. */
    private sealed interface Outgoing {
        int size();
    }

    /** A message, written as it is. */
    private record Message(PeerMessage message, int size) implements Outgoing {
    }

    /** A PIECE message whose block the writer reads from its source straight into the output buffer. */
    private record StoredBlock(int piece, int begin, int length, BlockSource source, int size) implements Outgoing {
    }

    private TcpPeerConnection(TimedChannel channel, PeerAddress address, PeerId remotePeerId, WireSettings settings,
                              FrameInput in, BlockPool blocks) {
        this.channel = channel;
        this.blocks = blocks;
        this.address = address;
        this.remotePeerId = remotePeerId;
        this.settings = settings;
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.codec = new MessageCodec(settings.maxFrameLength());
        this.in = in;
        this.out = new ChannelOutput(channel, STREAM_BUFFER, writeTimeoutNanos);
        this.writer = new Thread(this::writeLoop, "gorrent-wire-writer-" + address);
        this.writer.setDaemon(true);
    }

    /**
     * The dialling side: on a connected channel, sends our handshake, then reads the peer's and checks it
     * names our torrent, each within the handshake timeout. Takes the channel over: closes it when anything
     * fails. Received blocks are read into arrays from {@code blocks}, which the connections of one network
     * share.
     */
    public static TcpPeerConnection handshakeOutgoing(SocketChannel channel, PeerAddress address, Handshake ours,
                                                      WireSettings settings, BlockPool blocks) throws IOException {
        TimedChannel timed = null;
        boolean handedOver = false;
        try {
            timed = TimedChannel.open(channel, settings.handshakeTimeout());
            FrameInput in = new FrameInput(timed, STREAM_BUFFER);
            Handshake theirs;
            try {
                sendHandshake(timed, ours, settings.handshakeTimeout());
                theirs = HandshakeCodec.read(in);
            } catch (IOException e) {
                throw handshakeFailure(address, settings, e);
            }
            if (!theirs.infoHash().equals(ours.infoHash())) {
                throw new IOException("peer " + address + " answered for another torrent (" + theirs.infoHash()
                        + " instead of " + ours.infoHash() + ")");
            }
            requireNotOurselves(address, ours, theirs);
            TcpPeerConnection connection = established(timed, address, theirs, settings, in, blocks);
            handedOver = true;
            return connection;
        } finally {
            if (!handedOver) {
                abandon(channel, timed);
            }
        }
    }

    /**
     * The accepting side: on an accepted channel, reads the peer's handshake first, asks which handshake we
     * answer for its info-hash (empty when we do not serve that torrent) and sends it, each within the
     * handshake timeout. Takes the channel over: closes it when anything fails. Received blocks are read into
     * arrays from {@code blocks}, as for outgoing ones.
     */
    public static TcpPeerConnection handshakeIncoming(SocketChannel channel,
                                                      Function<InfoHash, Optional<Handshake>> ourHandshakeFor,
                                                      WireSettings settings, BlockPool blocks) throws IOException {
        TimedChannel timed = null;
        boolean handedOver = false;
        try {
            PeerAddress address = remoteAddressOf(channel);
            timed = TimedChannel.open(channel, settings.handshakeTimeout());
            FrameInput in = new FrameInput(timed, STREAM_BUFFER);
            Handshake theirs;
            try {
                theirs = HandshakeCodec.read(in);
            } catch (IOException e) {
                throw handshakeFailure(address, settings, e);
            }
            Handshake ours = ourHandshakeFor.apply(theirs.infoHash()).orElseThrow(() -> new IOException(
                    "peer " + address + " asked for torrent " + theirs.infoHash() + ", which we do not serve"));
            try {
                sendHandshake(timed, ours, settings.handshakeTimeout());
            } catch (IOException e) {
                throw new IOException("cannot answer the handshake of peer " + address + ": " + e.getMessage(), e);
            }
            // Answered first, so that our own dialling side reads its peer id and knows not to dial it again.
            requireNotOurselves(address, ours, theirs);
            TcpPeerConnection connection = established(timed, address, theirs, settings, in, blocks);
            handedOver = true;
            return connection;
        } finally {
            if (!handedOver) {
                abandon(channel, timed);
            }
        }
    }

    private static PeerAddress remoteAddressOf(SocketChannel channel) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        if (remote == null) {
            throw new IOException("the channel to handshake on is not connected");
        }
        return new PeerAddress(remote.getAddress().getHostAddress(), remote.getPort());
    }

    /** 68 bytes, sent once per connection: written from a heap array, unlike the messages after it. */
    private static void sendHandshake(TimedChannel channel, Handshake ours, Duration timeout) throws IOException {
        channel.writeFully(ByteBuffer.wrap(HandshakeCodec.encode(ours)), timeout.toNanos());
    }

    private static TcpPeerConnection established(TimedChannel channel, PeerAddress address, Handshake theirs,
                                                 WireSettings settings, FrameInput in, BlockPool blocks) {
        channel.setReadTimeout(settings.readTimeout());
        log.debug("handshake with {} done, remote id {}", address, theirs.peerId());
        TcpPeerConnection connection = new TcpPeerConnection(channel, address, theirs.peerId(), settings, in, blocks);
        connection.writer.start();
        return connection;
    }

    /** A failed handshake: the channel's selectors must go too, or the socket is never released. */
    private static void abandon(SocketChannel channel, TimedChannel timed) {
        if (timed != null) {
            timed.close();
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the channel to a peer failed", e);
        }
    }

    private static void requireNotOurselves(PeerAddress address, Handshake ours, Handshake theirs)
            throws ConnectedToOurselvesException {
        if (theirs.peerId().equals(ours.peerId())) {
            throw new ConnectedToOurselvesException("peer " + address + " is this client itself (same peer id)");
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
        boolean closedByUs = isClosed();
        close();
        return receiveFailure(e, closedByUs);
    }

    private IOException receiveFailure(IOException e, boolean closedByUs) {
        if (closedByUs) {
            IOException failure = closedError();
            failure.addSuppressed(e);
            return failure;
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
        enqueue(new Message(message, codec.frameLength(message)));
    }

    /**
     * Queues a block that the writer thread reads from {@code source} when it gets to it, into the output buffer
     * behind its header ({@link BlockSource#read}), or, when it is larger than that buffer, has the source move
     * to the channel ({@link BlockSource#transferTo}); a source that fails then closes the connection with its
     * reason. Queued and bounded like {@link #send}. Dropped unread, like a PIECE given to {@link #send}, when a
     * CHOKE was queued after the last UNCHOKE: the peer's requests went with it.
     */
    @Override
    public void sendBlock(int piece, int begin, int length, BlockSource source) throws IOException {
        enqueue(new StoredBlock(piece, begin, length, source, codec.pieceFrameLength(length)));
    }

    private void enqueue(Outgoing outgoing) throws IOException {
        int size = outgoing.size();
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
            if (notReading == null && !discardedByChoke(outgoing)) {
                queue.addLast(outgoing);
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
            // The writer may have closed first, for its own reason; every caller hears the same one.
            throw closedError();
        }
    }

    /** Under lock: follows CHOKE and UNCHOKE as they are queued, and tells whether a block comes after a CHOKE. */
    private boolean discardedByChoke(Outgoing outgoing) {
        if (outgoing instanceof StoredBlock) {
            return peerChoked;
        }
        PeerMessage message = ((Message) outgoing).message();
        if (message instanceof PeerMessage.Choke) {
            peerChoked = true;
        } else if (message instanceof PeerMessage.Unchoke) {
            peerChoked = false;
        }
        return message instanceof PeerMessage.Piece && peerChoked;
    }

    /** Asks the writer thread to push everything queued so far onto the wire; does not wait for it. */
    @Override
    public void flush() throws IOException {
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
                    while (!isClosed() && !flushWanted && queuedBytes < DRAIN_THRESHOLD) {
                        workArrived.await();
                    }
                    if (isClosed()) {
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
                write(next);
                lock.lock();
                try {
                    queuedBytes -= next.size();
                    // Senders waiting for room are woken once half the queue is free, not after every message:
                    // an uploader feeding a fast peer would otherwise wait and wake once per 16 KiB block.
                    if (queuedBytes <= settings.maxQueuedBytes() / 2) {
                        roomMade.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (TimedChannel.WriteTimeoutException e) {
            closeFor(new IOException("peer " + address + " is not reading (nothing could be written for "
                    + Durations.describe(settings.writeTimeout()) + ")", e));
        } catch (InterruptedException e) {
            closeFor(new IOException("sending to peer " + address + " stopped: the writer thread was interrupted"));
        } catch (IOException | RuntimeException e) {
            if (!isClosed()) {
                log.debug("writing to {} failed", address, e);
                closeFor(new IOException("sending to peer " + address + " failed: " + e.getMessage(), e));
            }
        }
    }

    /** Writer thread only. */
    private void write(Outgoing outgoing) throws IOException {
        if (outgoing instanceof Message message) {
            codec.write(message.message(), out);
        } else if (outgoing instanceof StoredBlock block) {
            codec.writePieceHeader(block.piece(), block.begin(), block.length(), out);
            out.transferFrom(block.source(), block.length());
        }
    }

    private void requireOpen() throws IOException {
        if (isClosed()) {
            throw closedError();
        }
    }

    /** What a call on the closed connection reports: why it closed. */
    private IOException closedError() {
        IOException reason = closedBecause.get();
        return new IOException(reason.getMessage(), reason);
    }

    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        closeFor(new IOException("connection to peer " + address + " is closed"));
    }

    /** Closes once; the first reason given is what later sends and receives report. */
    private void closeFor(IOException reason) {
        if (!closedBecause.compareAndSet(null, reason)) {
            return;
        }
        channel.close();
        lock.lock();
        try {
            workArrived.signalAll();
            roomMade.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closedBecause.get() != null;
    }

    @Override
    public String toString() {
        return "TcpPeerConnection[" + address + "]";
    }
}
