package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.PieceGeometry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves peers' requests: checks each one, queues it per peer (bounded), reads the block on the disk
 * pool and hands it to the connection there, and runs the choker's rounds. The session thread calls
 * every method; pool tasks touch only a peer's connection and the atomic upload total, and report
 * back through the queue.
 */
final class Uploader {
    /** Blocks larger than this are refused outright (BEP 3 practice: 16 KiB asked, up to 128 KiB tolerated). */
    static final int MAX_BLOCK_LENGTH = 128 * 1024;
    /** Requests waiting per peer; more are ignored (libtorrent's default allows as many). */
    static final int MAX_QUEUED_REQUESTS = 500;
    /** Blocks being read or handed over per peer at once; enough to keep a fast peer's pipe full. */
    static final int READS_IN_FLIGHT = 16;

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

    /** A pool task finished with one of the peer's blocks. */
    void onBlockSent(PeerState peer, int length, long nowNanos) {
        peer.uploadsInFlight--;
        if (length > 0) {
            rate.add(length, nowNanos);
            peer.uploadRate.add(length, nowNanos);
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
                    peer.downloadRate.bytesPerSecond(nowNanos), peer.uploadRate.bytesPerSecond(nowNanos), peer.snubbed));
        }
        Set<Integer> unchoked = choker.round(candidates, seeding, nowNanos);
        // Choke first, then unchoke, so that no more than the choker's slots are ever open at once.
        for (PeerState peer : all) {
            if (!unchoked.contains(peer.connectionId) && !peer.amChoking) {
                peer.amChoking = true;
                peer.uploadQueue.clear();
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
        while (peer.uploadsInFlight < READS_IN_FLIGHT && !peer.uploadQueue.isEmpty()) {
            PeerMessage.Request request = peer.uploadQueue.poll();
            peer.uploadsInFlight++;
            int connectionId = peer.connectionId;
            var connection = peer.connection;
            diskPool.execute(() -> {
                byte[] block;
                try {
                    block = storage.readBlock(request.pieceIndex(), request.begin(), request.length());
                } catch (StorageException e) {
                    queue.offerQuietly(new SessionEvent.StorageFailed(request.pieceIndex(), e));
                    queue.offerQuietly(new SessionEvent.BlockSent(connectionId, 0));
                    return;
                }
                // Counted before the hand-over, so no one who sees the block can see a total without it.
                handedOver.addAndGet(block.length);
                try {
                    connection.send(new PeerMessage.Piece(request.pieceIndex(), request.begin(), block));
                    connection.flush();
                    queue.offerQuietly(new SessionEvent.BlockSent(connectionId, block.length));
                } catch (IOException e) {
                    handedOver.addAndGet(-block.length);
                    queue.offerQuietly(new SessionEvent.PeerFailed(connectionId, "upload failed: " + e.getMessage()));
                }
            });
        }
    }
}
