package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;

/**
 * One peer's reading thread: dials, then turns every received message into a session event. The
 * session's bounded queue blocks it when the session falls behind, which slows the peer down (TCP
 * back-pressure) instead of buffering without bound. Ends when the connection closes.
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
        try {
            PeerConnection connection = network.connect(address, ours);
            if (!queue.offerConnection(new SessionEvent.PeerConnected(connectionId, connection))) {
                connection.close();
                return;
            }
            while (true) {
                queue.put(new SessionEvent.MessageReceived(connectionId, connection.receive()));
            }
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            queue.offerQuietly(new SessionEvent.PeerFailed(connectionId, reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
