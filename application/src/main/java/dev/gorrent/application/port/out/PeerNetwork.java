package dev.gorrent.application.port.out;

import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;

/** Opens connections to peers and accepts theirs. */
public interface PeerNetwork {

    /**
     * Connects, sends our handshake and checks the peer's: it must name the same info-hash.
     *
     * @throws ConnectedToOurselvesException when the peer's handshake carries our own peer id
     * @throws IOException when the peer cannot be reached in time or its handshake is wrong
     */
    PeerConnection connect(PeerAddress address, Handshake ours) throws IOException;

    /**
     * Listens for peers on {@code preferredPort}, or on the next free port above it when that one is
     * taken. Each connecting peer's handshake is read first, answered with
     * {@link IncomingPeers#handshakeFor}, and the connection handed to {@link IncomingPeers#accepted}. A peer
     * with our own peer id is answered and then hung up on, so that our dialling side learns whom it reached.
     *
     * @throws IOException when no port in the range can be bound
     */
    PeerListener listen(int preferredPort, IncomingPeers incoming) throws IOException;
}
