package dev.gorrent.application.port.out;

import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;

import java.util.Optional;

/** Decides what to do with peers that connect to us. Called from the network adapter's threads. */
public interface IncomingPeers {

    /** Our handshake for the torrent a connecting peer asked for, or empty to refuse it. */
    Optional<Handshake> handshakeFor(InfoHash infoHash);

    /** A peer connected and the handshakes matched; the receiver now owns the connection. */
    void accepted(PeerConnection connection);
}
