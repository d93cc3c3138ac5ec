package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;

/**
 * One peer's reading thread: dials, then turns every received message into a session event. The
 * session's bounded queue blocks it when the session falls behind, which slows the peer down (TCP
 * back-pressure) instead of buffering without bound. Ends when the connection closes, and closes it
 * on the way out.
 */
final class PeerWorker implements Runnable {
    private final int connectionId;
    private final PeerAddress address;
    private final PeerNetwork network;
    private final Handshake ours;
    private final SessionQueue queue;

    PeerWorker(int connectionId, PeerAddress address, PeerNetwork network, Handshake ours, SessionQueue queue) {
        this.connectionId = connectionId;
        this.address = address;
        this.network = network;
        this.ours = ours;
        this.queue = queue;
    }

    @Override
    public void run() {
        PeerConnection connection;
        try {
            connection = network.connect(address, ours);
        } catch (IOException | RuntimeException e) {
            queue.offerQuietly(new SessionEvent.PeerFailed(connectionId, reasonOf(e)));
            return;
        }
        // Closed here too: a connection handed over just as the session ended would otherwise stay open.
        try (connection) {
            if (!queue.offerConnection(new SessionEvent.PeerConnected(connectionId, connection))) {
                return;
            }
            while (true) {
                queue.put(new SessionEvent.MessageReceived(connectionId, connection.receive()));
            }
        } catch (IOException | RuntimeException e) {
            queue.offerQuietly(new SessionEvent.PeerFailed(connectionId, reasonOf(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reasonOf(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
