package dev.gorrent.application.port.out;

import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;

import java.io.IOException;

/** Opens connections to peers. */
public interface PeerNetwork {

    /**
     * Connects, sends our handshake and checks the peer's: it must name the same info-hash.
     *
     * @throws IOException when the peer cannot be reached in time or its handshake is wrong
     */
    PeerConnection connect(PeerAddress address, Handshake ours) throws IOException;
}
