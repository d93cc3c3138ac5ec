package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.piece.BlockRef;

import java.util.HashSet;
import java.util.Set;

/** What the session knows about one connected peer. Session thread only. */
final class PeerState {
    final int connectionId;
    final int slot;
    final PeerAddress address;
    final PeerConnection connection;
    final Set<BlockRef> requested = new HashSet<>();
    final RateMeter downloadRate = new RateMeter(5);

    boolean joinedPicker;
    boolean peerChoking = true;
    boolean amInterested;
    boolean snubbed;
    boolean hasUnflushedSends;
    long lastBlockAt;
    long lastSentAt;

    PeerState(int connectionId, int slot, PeerAddress address, PeerConnection connection, long nowNanos) {
        this.connectionId = connectionId;
        this.slot = slot;
        this.address = address;
        this.connection = connection;
        this.lastBlockAt = nowNanos;
        this.lastSentAt = nowNanos;
    }
}
