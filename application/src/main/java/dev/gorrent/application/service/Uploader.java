package dev.gorrent.application.service;

import dev.gorrent.application.port.out.BlockSource;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.PieceGeometry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Serves peers' requests: checks each one, queues it per peer (bounded), hands the blocks to the connection
 * on the upload pool (which fetches each from storage when it writes it, see {@link PeerConnection#sendBlock}),
 * and runs the choker's rounds. The session thread calls
 * every method; pool tasks touch only a peer's connection, its atomic choke count and the atomic upload total,
 * and report back through the queue.
 */
final class Uploader {
    /** Blocks larger than this are refused outright (BEP 3 practice: 16 KiB asked, up to 128 KiB tolerated). */
    static final int MAX_BLOCK_LENGTH = 128 * 1024;
    /** Requests waiting per peer; more are ignored (libtorrent's default allows as many). */
    static final int MAX_QUEUED_REQUESTS = 500;
    /**
     * Requests one pool task serves at most: those that queued up while earlier ones were handed over go
     * out together, with one wake-up of the pool, one flush and one report instead of one each per block.
     */
    static final int BLOCKS_PER_TASK = 8;
    /** Pool tasks per peer at once: one hands blocks over (waiting for room on the connection) while others go out. */
    static final int TASKS_IN_FLIGHT = 2;
    /** Blocks being handed over per peer at once, at most; enough to keep a fast peer's pipe full. */
    static final int READS_IN_FLIGHT = TASKS_IN_FLIGHT * BLOCKS_PER_TASK;

    /** How the uploader sends control messages: through the session, which handles failed sends. */
    interface Sender {
        void send(PeerState peer, PeerMessage message);
    }

    private final PieceGeometry geometry;
    private final Bitfield verified;
    private final PieceStorage storage;
    private final ExecutorService diskPool;
    private final SessionQueue queue;
    private final Choker choker;
    private final Sender sender;
    private final RateMeter rate = new RateMeter(5);
    /**
     * Bytes handed to connections, counted by the pool task itself: a total kept from the queued
     * {@link SessionEvent.BlockSent} events would miss the last blocks when the session stops (the queue
     * is dropped unread), so the final announce and the seed result would under-report.
     */
    private final AtomicLong handedOver = new AtomicLong();

    /** @param verified the session's own, live view of our verified pieces (read here, never written) */
    Uploader(PieceGeometry geometry, Bitfield verified, PieceStorage storage, ExecutorService diskPool,
             SessionQueue queue, Choker choker, Sender sender) {
        this.geometry = geometry;
        this.verified = verified;
        this.storage = storage;
        this.diskPool = diskPool;
        this.queue = queue;
        this.choker = choker;
        this.sender = sender;
    }

    long uploadedBytes() {
        return handedOver.get();
    }

    long bytesPerSecond(long nowNanos) {
        return rate.bytesPerSecond(nowNanos);
    }

    /** The peer said it is (not) interested; a free slot is given at once rather than at the next round. */
    void onInterest(PeerState peer, boolean interested, Collection<PeerState> all) {
        peer.peerInterested = interested;
        if (interested && peer.amChoking && choker.hasFreeSlot(unchokedCount(all))) {
            unchoke(peer);
        }
    }

    void onRequest(PeerState peer, PeerMessage.Request request) throws PeerMisbehaved {
        if (request.length() == 0 || request.length() > MAX_BLOCK_LENGTH) {
            throw new PeerMisbehaved("asked for a block of " + request.length() + " bytes (at most "
                    + MAX_BLOCK_LENGTH + " are served)");
        }
        if (!geometry.isWithinPiece(request.pieceIndex(), request.begin(), request.length())) {
            throw new PeerMisbehaved("asked for bytes outside the torrent: piece " + request.pieceIndex()
                    + " offset " + request.begin() + " length " + request.length());
        }
        // A request that crossed our CHOKE on the wire, or for a piece we lack, is dropped without a word:
        // BEP 3 has no way to refuse it.
        if (peer.amChoking || !verified.get(request.pieceIndex()) || peer.uploadQueue.size() >= MAX_QUEUED_REQUESTS) {
            return;
        }
        peer.uploadQueue.add(request);
        dispatch(peer);
    }

    void onCancel(PeerState peer, PeerMessage.Cancel cancel) {
        peer.uploadQueue.remove(new PeerMessage.Request(cancel.pieceIndex(), cancel.begin(), cancel.length()));
    }

    /** A pool task finished with a batch of the peer's requests. */
    void onBlocksSent(PeerState peer, long bytes, long nowNanos) {
        peer.uploadTasksInFlight--;
        if (bytes > 0) {
            rate.add(bytes, nowNanos);
            peer.uploadRate.add(bytes, nowNanos);
        }
        dispatch(peer);
    }

    boolean isRoundDue(long nowNanos) {
        return choker.isRoundDue(nowNanos);
    }

    /** Re-chooses who is unchoked: by what they give us while downloading, by what we give them when seeding. */
    void chokeRound(Collection<PeerState> all, boolean seeding, long nowNanos) {
        List<Choker.Candidate> candidates = new ArrayList<>();
        for (PeerState peer : all) {
            candidates.add(new Choker.Candidate(peer.connectionId, peer.peerInterested,
                    peer.downloadRate.bytesPerSecond(nowNanos), peer.uploadRate.bytesPerSecond(nowNanos),
                    peer.snubbed));
        }
        Set<Integer> unchoked = choker.round(candidates, seeding, nowNanos);
        // Choke first, then unchoke, so that no more than the choker's slots are ever open at once.
        for (PeerState peer : all) {
            if (!unchoked.contains(peer.connectionId) && !peer.amChoking) {
                peer.amChoking = true;
                peer.uploadQueue.clear();
                // Before the CHOKE is queued, so a pool task that checks after this hands nothing more over.
                peer.chokes.incrementAndGet();
                sender.send(peer, new PeerMessage.Choke());
            }
        }
        for (PeerState peer : all) {
            if (unchoked.contains(peer.connectionId) && peer.amChoking) {
                unchoke(peer);
            }
        }
    }

    private void unchoke(PeerState peer) {
        peer.amChoking = false;
        sender.send(peer, new PeerMessage.Unchoke());
    }

    private static int unchokedCount(Collection<PeerState> all) {
        int count = 0;
        for (PeerState peer : all) {
            if (!peer.amChoking) {
                count++;
            }
        }
        return count;
    }

    private void dispatch(PeerState peer) {
        while (peer.uploadTasksInFlight < TASKS_IN_FLIGHT && !peer.uploadQueue.isEmpty()) {
            List<PeerMessage.Request> batch = new ArrayList<>(BLOCKS_PER_TASK);
            while (batch.size() < BLOCKS_PER_TASK && !peer.uploadQueue.isEmpty()) {
                batch.add(peer.uploadQueue.poll());
            }
            peer.uploadTasksInFlight++;
            int connectionId = peer.connectionId;
            PeerConnection connection = peer.connection;
            AtomicInteger chokes = peer.chokes;
            int chokesAtStart = chokes.get();
            diskPool.execute(() -> queue.offerQuietly(new SessionEvent.BlocksSent(connectionId,
                    serve(connectionId, connection, batch, () -> chokes.get() != chokesAtStart))));
        }
    }

    /**
     * Runs on the pool: hands the blocks over in order, then flushes once; returns the bytes handed over. The
     * connection reads each block from storage when it writes it (see {@link PeerConnection#sendBlock}). Stops
     * handing over once the session has choked the peer: a block that waited for a busy disk or a full connection
     * would otherwise follow the CHOKE onto the wire. (One being handed over as the session chokes may still
     * follow it; a connection may drop it, see {@link PeerConnection#sendBlock}.)
     */
    private long serve(int connectionId, PeerConnection connection, List<PeerMessage.Request> batch,
                       BooleanSupplier chokedSince) {
        long sent = 0;
        for (PeerMessage.Request request : batch) {
            if (chokedSince.getAsBoolean()) {
                break;
            }
            int piece = request.pieceIndex();
            int begin = request.begin();
            int length = request.length();
            // Counted before the hand-over, so no one who sees the block can see a total without it.
            handedOver.addAndGet(length);
            try {
                connection.sendBlock(piece, begin, length, new StoredBlock(piece, begin));
            } catch (IOException e) {
                handedOver.addAndGet(-length);
                reportUploadFailure(connectionId, e);
                return sent;
            }
            sent += length;
        }
        try {
            connection.flush();
        } catch (IOException e) {
            reportUploadFailure(connectionId, e);
        }
        return sent;
    }

    /**
     * A block as the connection fetches it, on whichever thread that writes it. A disk that fails is the session's
     * problem, not only this peer's, so the session hears of it as well as the connection, which then drops the
     * block; a socket that fails is the connection's alone.
     */
    private final class StoredBlock implements BlockSource {
        private final int piece;
        private final int begin;

        StoredBlock(int piece, int begin) {
            this.piece = piece;
            this.begin = begin;
        }

        @Override
        public void read(int offset, ByteBuffer into) throws IOException {
            try {
                storage.readBlock(piece, begin + offset, into);
            } catch (StorageException e) {
                throw reported(e);
            }
        }

        @Override
        public long transferTo(int offset, int length, WritableByteChannel target) throws IOException {
            try {
                return storage.transferBlock(piece, begin + offset, length, target);
            } catch (StorageException e) {
                throw reported(e);
            }
        }

        private IOException reported(StorageException e) {
            queue.offerQuietly(new SessionEvent.StorageFailed(piece, e));
            return new IOException("cannot read piece " + piece + " to upload it: " + e.getMessage(), e);
        }
    }

    private void reportUploadFailure(int connectionId, IOException e) {
        queue.offerQuietly(new SessionEvent.PeerFailed(connectionId, "upload failed: " + e.getMessage()));
    }
}
