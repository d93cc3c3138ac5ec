package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;

import java.util.List;

/** What other threads tell the session thread, through its bounded queue. */
sealed interface SessionEvent {

    /** A dial succeeded and the handshake matched. */
    record PeerConnected(int connectionId, PeerConnection connection) implements SessionEvent {
    }

    /** A peer connected to us and the handshake matched. */
    record PeerAccepted(PeerConnection connection) implements SessionEvent {
    }

    /** Messages arrived from a connected peer, in the order it sent them (one or a burst). */
    record MessagesReceived(int connectionId, List<PeerMessage> messages) implements SessionEvent {
    }

    /** A dial failed or a connection ended. */
    record PeerFailed(int connectionId, String reason) implements SessionEvent {
    }

    /** A dial reached this very session (a tracker listed our own address): that address is not dialled again. */
    record DialledOurselves(int connectionId) implements SessionEvent {
    }

    /**
     * The peer at {@code address} sent what the wire protocol forbids, which ended the connection. Carries the
     * address because the session may have dropped the peer already (a send fails once the reader has closed).
     */
    record PeerBrokeProtocol(int connectionId, PeerAddress address, String reason) implements SessionEvent {
    }

    /**
     * A pool task finished serving a batch of a peer's requests, handing {@code bytes} to the connection
     * (fewer than asked when a read or the connection failed, which is reported on its own).
     */
    record BlocksSent(int connectionId, long bytes) implements SessionEvent {
    }

    /** A complete piece was hashed and, when it matched, written to storage. */
    record PieceChecked(int piece, boolean matched) implements SessionEvent {
    }

    /** Reading or writing torrent data failed: the session cannot go on. */
    record StorageFailed(int piece, StorageException cause) implements SessionEvent {
    }

    /** A round of announcing ended. */
    record Announced(TrackerTiers.Outcome outcome) implements SessionEvent {
    }

    /** The resume record was written (or failed to be, which only costs a re-check next time). */
    record ResumeRecordWritten(boolean succeeded) implements SessionEvent {
    }
}
