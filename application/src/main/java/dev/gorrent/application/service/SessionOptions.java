package dev.gorrent.application.service;

import dev.gorrent.domain.peer.PeerAddress;

import java.util.List;

/**
 * What one session is asked to do.
 *
 * @param preferredPort    where to listen for peers (the next free port is taken when it is busy)
 * @param extraPeers       peers to dial besides the trackers'
 * @param keepSeeding      go on uploading once complete, until interrupted
 * @param requireListening fail when no port can be bound (a seed that cannot be reached is useless)
 * @param announceToAllTiers announce to one tracker of every tier instead of the first tier that answers
 */
record SessionOptions(int preferredPort, List<PeerAddress> extraPeers, boolean keepSeeding, boolean requireListening,
                      boolean announceToAllTiers) {
    SessionOptions {
        extraPeers = List.copyOf(extraPeers);
    }
}
