package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerProtocolException;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.BlockRef;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory connection to a simulated peer that follows a {@link SeedScript}. Our sends are buffered
 * until {@link #flush}, where the simulated peer reacts (on the flushing thread, i.e. the session
 * thread) by queueing its answers; {@link #receive} (the session's reading thread) takes them off that
 * queue, waiting at most the receive timeout, and also releases requests a stalled peer held back once
 * its gate opens. The simulated peer's state is guarded by the connection's lock. The queue holds at
 * most the torrent's blocks plus a few control messages, since the peer answers each request once.
 */
public final class FakeSeedConnection implements PeerConnection {
    private static final long POLL_MILLIS = 20;

    private final PeerAddress address;
    private final PeerId remoteId;
    private final TestTorrent torrent;
    private final SeedScript script;
    private final SeedStats stats;
    private final Duration receiveTimeout;
    private final BlockingQueue<PeerMessage> inbound = new LinkedBlockingQueue<>();
    private final List<PeerMessage> outbox = new ArrayList<>();
    private final List<PeerMessage.Request> heldBack = new ArrayList<>();

    private volatile boolean closed;
    /** Set before {@code closed} when the hang-up is a protocol violation, which receive then reports. */
    private volatile boolean brokeProtocol;
    private volatile boolean choking = true;
    private volatile boolean waitingForGate;
    private boolean chokedForGood;
    private int servedBlocks;

    FakeSeedConnection(PeerAddress address, PeerId remoteId, TestTorrent torrent, SeedScript script, SeedStats stats,
                       Duration receiveTimeout) {
        this.address = address;
        this.remoteId = remoteId;
        this.torrent = torrent;
        this.script = script;
        this.stats = stats;
        this.receiveTimeout = receiveTimeout;
        announcePieces();
    }

    private void announcePieces() {
        if (script.pieces().isEmpty()) {
            return;
        }
        if (script.announceWithHave()) {
            script.pieces().stream().sorted().forEach(p -> inbound.add(new PeerMessage.Have(p)));
            return;
        }
        Bitfield bits = new Bitfield(torrent.pieceCount());
        script.pieces().forEach(bits::set);
        inbound.add(new PeerMessage.BitfieldMessage(bits.toBytes()));
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
        long deadline = System.nanoTime() + receiveTimeout.toNanos();
        while (true) {
            if (closed) {
                if (brokeProtocol) {
                    throw new PeerProtocolException("peer " + address + " broke the protocol: a 4 GiB message");
                }
                throw new IOException("connection to " + address + " is closed");
            }
            if (waitingForGate && script.unchokeGate().isOpen()) {
                waitingForGate = false;
                choking = false;
                return new PeerMessage.Unchoke();
            }
            answerHeldBackOnceAllowed();
            PeerMessage message;
            try {
                message = inbound.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading from " + address);
            }
            if (message != null) {
                if (message instanceof PeerMessage.Piece) {
                    stats.delivered();
                }
                return message;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no message from " + address + " within " + receiveTimeout);
            }
        }
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
        List<BlockRef> requests = new ArrayList<>();
        for (PeerMessage message : outbox) {
            if (message instanceof PeerMessage.Request r) {
                requests.add(new BlockRef(r.pieceIndex(), r.begin(), Math.max(1, r.length())));
            }
        }
        stats.requestsArrived(requests);
        List<PeerMessage> batch = List.copyOf(outbox);
        outbox.clear();
        answerHeldBackOnceAllowed();
        for (PeerMessage message : batch) {
            if (closed) {
                if (message instanceof PeerMessage.Request) {
                    stats.dropped();
                }
                continue;
            }
            react(message);
        }
    }

    private void react(PeerMessage message) {
        if (message instanceof PeerMessage.Interested) {
            if (choking && !chokedForGood) {
                if (script.unchokeGate().isOpen()) {
                    choking = false;
                    inbound.add(new PeerMessage.Unchoke());
                } else {
                    waitingForGate = true;
                }
            }
        } else if (message instanceof PeerMessage.Request r) {
            answer(r);
        } else if (message instanceof PeerMessage.Cancel c) {
            stats.cancelled(new BlockRef(c.pieceIndex(), c.begin(), Math.max(1, c.length())));
        } else if (message instanceof PeerMessage.Have h) {
            stats.sessionHas(h.pieceIndex());
        }
    }

    private synchronized void answerHeldBackOnceAllowed() {
        if (heldBack.isEmpty() || !script.answerGate().isOpen()) {
            return;
        }
        List<PeerMessage.Request> due = List.copyOf(heldBack);
        heldBack.clear();
        for (PeerMessage.Request request : due) {
            if (!closed) {
                answer(request);
            }
        }
    }

    private void answer(PeerMessage.Request request) {
        if (!script.answerGate().isOpen()) {
            heldBack.add(request);
            return;
        }
        int piece = request.pieceIndex();
        if (!script.pieces().contains(piece)) {
            stats.violation("asked " + address + " for piece " + piece + " it never announced");
            stats.dropped();
            return;
        }
        if (!torrent.geometry().isWholeBlock(piece, request.begin(), request.length())) {
            stats.violation("asked " + address + " for a malformed block " + request);
            stats.dropped();
            return;
        }
        if (choking) {
            // BEP 3: requests that arrive while choking are discarded.
            stats.dropped();
            return;
        }
        byte[] data = torrent.block(piece, request.begin(), request.length());
        if (script.corruptPieces().contains(piece)) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ~data[i];
            }
        }
        BlockRef block = new BlockRef(piece, request.begin(), request.length());
        stats.served(block);
        inbound.add(new PeerMessage.Piece(piece, request.begin(), data));
        servedBlocks++;
        if (servedBlocks == script.chokeAfterBlocks()) {
            choking = true;
            chokedForGood = true;
            waitingForGate = false;
            inbound.add(new PeerMessage.Choke());
            stats.choked();
        }
        if (servedBlocks == script.closeAfterBlocks()) {
            // Hanging up loses whatever was not yet read, as a reset TCP connection would.
            brokeProtocol = script.closeBreaksProtocol();
            closed = true;
            stats.hungUp();
        }
    }

    @Override
    public void release(PeerMessage.Piece received) {
        // As a real connection reading its next block into the array: a session still using it would store junk.
        Arrays.fill(received.block(), (byte) 0x5A);
        stats.blockReleased();
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
