package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.BlockSource;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.BlockRef;
import dev.gorrent.domain.piece.PieceGeometry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A simulated peer that connected to the session to take data from it, handed in as an accepted
 * connection. A downloading leecher says INTERESTED, asks for every block it lacks whenever it is
 * unchoked, checks each block against the torrent, sends HAVE for each piece it completes and NOT
 * INTERESTED once whole; a scripted one says only what the test tells it to ({@link #say}).
 *
 * <p>Threads: the session's reading thread calls {@link #receive}; the session thread and its disk
 * pool call {@link #send} and {@link #flush}, serialised by the connection's lock. Messages reach the
 * simulated peer on {@link #flush}, as bytes reach the wire, and it reacts there by queueing its
 * answers. The test's calls lock too. The answer queue holds at most one request per block plus a few
 * control messages, since a block is asked for again only after the session choked the peer.
 */
public final class FakeLeecherConnection implements PeerConnection {
    private static final long POLL_MILLIS = 20;
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(60);

    private final PeerAddress address;
    private final PeerId remoteId;
    private final TestTorrent torrent;
    private final boolean downloadsEverything;
    private final WireLog log;
    private final BlockingQueue<PeerMessage> toSession = new LinkedBlockingQueue<>();
    private final List<PeerMessage> outbox = new ArrayList<>();
    private int flushesWithBlocks;
    private final List<PeerMessage> fromSession = new ArrayList<>();
    private final byte[] received;
    private final Set<BlockRef> receivedBlocks = new HashSet<>();
    private final Set<BlockRef> asked = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final int totalBlocks;
    private int duplicateBlocks;
    private boolean choked = true;
    private volatile boolean closed;

    private FakeLeecherConnection(PeerAddress address, TestTorrent torrent, boolean downloadsEverything, WireLog log) {
        this.address = address;
        this.torrent = torrent;
        this.downloadsEverything = downloadsEverything;
        this.log = log;
        this.received = new byte[Math.toIntExact(torrent.geometry().totalLength())];
        // An id of its own address, so no two leechers (nor the session) share one.
        byte[] id = new byte[PeerId.LENGTH];
        Arrays.fill(id, (byte) 'L');
        byte[] host = address.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(host, 0, id, 0, Math.min(host.length, id.length));
        this.remoteId = PeerId.of(id);
        int blocks = 0;
        for (int piece = 0; piece < torrent.pieceCount(); piece++) {
            blocks += torrent.geometry().blockCount(piece);
        }
        this.totalBlocks = blocks;
        if (downloadsEverything) {
            // A peer with nothing may skip the bitfield (BEP 3): its first word is that it wants data.
            toSession.add(new PeerMessage.Interested());
        }
    }

    /** A leecher that downloads the whole torrent on its own. */
    public static FakeLeecherConnection downloading(PeerAddress address, TestTorrent torrent) {
        return new FakeLeecherConnection(address, torrent, true, new WireLog());
    }

    /** A leecher that says only what the test tells it to. */
    public static FakeLeecherConnection scripted(PeerAddress address, TestTorrent torrent) {
        return scripted(address, torrent, new WireLog());
    }

    /** A scripted leecher whose received messages also go to a log shared with other leechers. */
    public static FakeLeecherConnection scripted(PeerAddress address, TestTorrent torrent, WireLog log) {
        return new FakeLeecherConnection(address, torrent, false, log);
    }

    /** Sends messages to the session, in order. */
    public void say(PeerMessage... messages) {
        toSession.addAll(List.of(messages));
    }

    @Override
    public PeerAddress address() {
        return address;
    }

    @Override
    public PeerId remotePeerId() {
        return remoteId;
    }

    @Override
    public PeerMessage receive() throws IOException {
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (true) {
            if (closed) {
                throw new IOException("connection to " + address + " is closed");
            }
            PeerMessage message;
            try {
                message = toSession.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading from " + address);
            }
            if (message != null) {
                return message;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no message from " + address + " within " + RECEIVE_TIMEOUT);
            }
        }
    }

    /** As the TCP connection does: the source moves the block to the socket itself, here an array's channel. */
    @Override
    public void sendBlock(int piece, int begin, int length, BlockSource source) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream(length);
        WritableByteChannel socket = Channels.newChannel(block);
        int moved = 0;
        while (moved < length) {
            moved += (int) source.transferTo(moved, length - moved, socket);
        }
        send(new PeerMessage.Piece(piece, begin, block.toByteArray()));
    }

    @Override
    public synchronized void send(PeerMessage message) throws IOException {
        if (closed) {
            throw new IOException("connection to " + address + " is closed");
        }
        outbox.add(message);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (closed) {
            throw new IOException("connection to " + address + " is closed");
        }
        if (outbox.stream().anyMatch(PeerMessage.Piece.class::isInstance)) {
            flushesWithBlocks++;
        }
        for (PeerMessage message : outbox) {
            fromSession.add(message);
            log.add(address, message);
            react(message);
        }
        outbox.clear();
        notifyAll();
    }

    private void react(PeerMessage message) {
        if (message instanceof PeerMessage.Unchoke) {
            choked = false;
            if (downloadsEverything) {
                askForMissingBlocks();
            }
        } else if (message instanceof PeerMessage.Choke) {
            choked = true;
            // The session drops what it had not started on; whatever is still in flight may yet arrive.
            asked.clear();
        } else if (message instanceof PeerMessage.Piece piece) {
            onPiece(piece);
        }
    }

    private void askForMissingBlocks() {
        PieceGeometry geometry = torrent.geometry();
        for (int piece = 0; piece < torrent.pieceCount(); piece++) {
            for (int index = 0; index < geometry.blockCount(piece); index++) {
                BlockRef block = geometry.block(piece, index);
                if (!receivedBlocks.contains(block) && asked.add(block)) {
                    toSession.add(new PeerMessage.Request(block.piece(), block.offset(), block.length()));
                }
            }
        }
    }

    private void onPiece(PeerMessage.Piece message) {
        int piece = message.pieceIndex();
        int length = message.block().length;
        if (!torrent.geometry().isWithinPiece(piece, message.begin(), length)) {
            problems.add("got bytes outside the torrent: piece " + piece + " offset " + message.begin() + " length "
                    + length);
            return;
        }
        if (!Arrays.equals(torrent.block(piece, message.begin(), length), message.block())) {
            problems.add("got wrong bytes for piece " + piece + " offset " + message.begin() + " length " + length);
            return;
        }
        if (!downloadsEverything) {
            return;
        }
        BlockRef block = new BlockRef(piece, message.begin(), length);
        asked.remove(block);
        if (!torrent.geometry().isWholeBlock(piece, message.begin(), length)) {
            problems.add("got a block it never asked for: " + block);
            return;
        }
        if (!receivedBlocks.add(block)) {
            duplicateBlocks++;
            return;
        }
        System.arraycopy(message.block(), 0, received, (int) torrent.geometry().pieceOffset(piece) + message.begin(),
                length);
        if (hasWholePiece(piece)) {
            toSession.add(new PeerMessage.Have(piece));
        }
        if (receivedBlocks.size() == totalBlocks) {
            toSession.add(new PeerMessage.NotInterested());
        }
    }

    private boolean hasWholePiece(int piece) {
        PieceGeometry geometry = torrent.geometry();
        for (int index = 0; index < geometry.blockCount(piece); index++) {
            if (!receivedBlocks.contains(geometry.block(piece, index))) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every block arrived; fails the test with what did arrive when that takes too long. */
    public synchronized void awaitWholeTorrent(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (receivedBlocks.size() < totalBlocks) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(address + " got " + receivedBlocks.size() + " of " + totalBlocks
                        + " blocks within " + within + "; problems: " + problems);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the first message from the session that matches; fails the test when none comes in time. */
    public synchronized PeerMessage await(Predicate<PeerMessage> matching, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (PeerMessage message : fromSession) {
                if (matching.test(message)) {
                    return message;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(address + " got no matching message within " + within + "; got "
                        + describe(fromSession));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until the session hung up; fails the test when it keeps the connection. */
    public void awaitClosed(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!closed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the session kept the connection to " + address + " open for " + within);
            }
            Thread.sleep(10);
        }
    }

    /** How many flushes carried at least one block. */
    public synchronized int flushesWithBlocks() {
        return flushesWithBlocks;
    }

    /** Everything the session flushed to this peer, in order. */
    public synchronized List<PeerMessage> messagesFromSession() {
        return List.copyOf(fromSession);
    }

    /** The blocks the session sent, as (piece, offset, length). */
    public synchronized List<BlockRef> blocksFromSession() {
        return fromSession.stream()
                .filter(PeerMessage.Piece.class::isInstance)
                .map(PeerMessage.Piece.class::cast)
                .map(p -> new BlockRef(p.pieceIndex(), p.begin(), p.block().length))
                .toList();
    }

    /** Whether the session's last word on choking was UNCHOKE. */
    public synchronized boolean isUnchoked() {
        return !choked;
    }

    /** What a downloading leecher has put together so far (zeros where blocks are missing). */
    public synchronized byte[] downloaded() {
        return received.clone();
    }

    /** Blocks that arrived with wrong bytes, outside the torrent or unasked. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Blocks a downloading leecher got more than once. */
    public synchronized int duplicateBlocks() {
        return duplicateBlocks;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    private static String describe(List<PeerMessage> messages) {
        List<String> names = new ArrayList<>();
        for (PeerMessage message : messages) {
            names.add(message instanceof PeerMessage.Piece p
                    ? "Piece[" + p.pieceIndex() + "," + p.begin() + "," + p.block().length + "]"
                    : message.toString());
        }
        return names.toString();
    }
}
