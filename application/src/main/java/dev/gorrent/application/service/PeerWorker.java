package dev.gorrent.application.service;

import dev.gorrent.application.port.out.ConnectedToOurselvesException;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.PeerProtocolException;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;

/**
 * One peer's reading thread: dials (for peers we connect to) or starts from an accepted connection,
 * then turns what it receives into session events, a burst of messages per event. The session's
 * bounded queue blocks it when the session falls behind, which slows the peer down (TCP back-pressure)
 * instead of buffering without bound. Ends when the connection closes, closing it in turn.
 */
final class PeerWorker implements Runnable {
    /** Messages handed over at once at most: a few 64 KiB socket reads' worth of 16 KiB blocks. */
    private static final int BURST = 16;

    private final int connectionId;
    /** Whom a protocol violation is blamed on. */
    private final PeerAddress address;
    private final SessionQueue queue;
    private final Opener opener;
    /** Dialled connections are reported to the session; accepted ones it registered itself. */
    private final boolean reportConnected;

    private PeerWorker(int connectionId, PeerAddress address, SessionQueue queue, Opener opener,
                       boolean reportConnected) {
        this.connectionId = connectionId;
        this.address = address;
        this.queue = queue;
        this.opener = opener;
        this.reportConnected = reportConnected;
    }

    /** Dials the peer, then reads; reports the connection with {@link SessionEvent.PeerConnected}. */
    static PeerWorker dialling(int connectionId, PeerAddress address, PeerNetwork network, Handshake ours,
                               SessionQueue queue) {
        return new PeerWorker(connectionId, address, queue, () -> network.connect(address, ours), true);
    }

    /** Reads from a connection the session already registered (an incoming peer). */
    static PeerWorker reading(int connectionId, PeerConnection connection, SessionQueue queue) {
        return new PeerWorker(connectionId, connection.address(), queue, () -> connection, false);
    }

    @Override
    public void run() {
        PeerConnection connection = null;
        try {
            connection = opener.open();
            if (reportConnected && !queue.offerConnection(new SessionEvent.PeerConnected(connectionId, connection))) {
                return;
            }
            while (true) {
                queue.put(new SessionEvent.MessagesReceived(connectionId, connection.receiveAvailable(BURST)));
            }
        } catch (IOException | RuntimeException e) {
            queue.offerQuietly(failure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private SessionEvent failure(Exception e) {
        if (e instanceof ConnectedToOurselvesException) {
            return new SessionEvent.DialledOurselves(connectionId);
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof PeerProtocolException
                ? new SessionEvent.PeerBrokeProtocol(connectionId, address, reason)
                : new SessionEvent.PeerFailed(connectionId, reason);
    }

    /** How the worker gets its connection. */
    private interface Opener {
        PeerConnection open() throws IOException;
    }
}
