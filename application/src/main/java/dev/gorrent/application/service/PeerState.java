package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.BlockRef;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** What the session knows about one connected peer. Session thread only, except where a field says otherwise. */
final class PeerState {
    final int connectionId;
    final int slot;
    final PeerAddress address;
    final PeerConnection connection;
    final boolean incoming;

    // Downloading from the peer.
    final Set<BlockRef> requested = new HashSet<>();
    final RateMeter downloadRate = new RateMeter(5);
    boolean joinedPicker;
    boolean peerChoking = true;
    boolean amInterested;
    boolean snubbed;
    long lastBlockAt;
    int unrequestedBlocks;

    // Uploading to the peer.
    final Deque<PeerMessage.Request> uploadQueue = new ArrayDeque<>();
    final RateMeter uploadRate = new RateMeter(5);
    boolean amChoking = true;
    boolean peerInterested;
    int uploadTasksInFlight;
    /**
     * How often we have choked the peer: written by the session, read by upload pool tasks, which stop handing
     * blocks over once it moved past the count they started with (choking discards the peer's requests).
     */
    final AtomicInteger chokes = new AtomicInteger();

    boolean hasUnflushedSends;
    long lastSentAt;

    PeerState(int connectionId, int slot, PeerAddress address, PeerConnection connection, boolean incoming,
              long nowNanos) {
        this.connectionId = connectionId;
        this.slot = slot;
        this.address = address;
        this.connection = connection;
        this.incoming = incoming;
        this.lastBlockAt = nowNanos;
        this.lastSentAt = nowNanos;
    }
}
