package dev.gorrent.tracker.http.server;

import java.net.InetAddress;
import java.util.List;

/**
 * What the tracker tells one announcing client.
 *
 * @param requester the client's address, which decides whether IPv6 peers go back
 * @param peers     others in the swarm, never the client itself
 */
record AnnounceResult(InetAddress requester, List<Peer> peers, SwarmStats stats) {
    AnnounceResult {
        peers = List.copyOf(peers);
    }
}
