package dev.gorrent.tracker.http.server;

import dev.gorrent.domain.peer.PeerId;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The peers of one torrent. Not thread-safe: {@link Swarms} only touches it under its lock. */
final class Swarm {
    private final Map<PeerId, Peer> peers = new LinkedHashMap<>();
    private long downloaded;

    Optional<Peer> peer(PeerId id) {
        return Optional.ofNullable(peers.get(id));
    }

    int size() {
        return peers.size();
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    void put(Peer peer) {
        peers.put(peer.id(), peer);
    }

    void remove(PeerId id) {
        peers.remove(id);
    }

    void countCompletion() {
        downloaded++;
    }

    /** Drops peers whose latest announce is older than the lifetime allows. */
    void expire(long nowNanos, long lifetimeNanos) {
        // Subtraction, not comparison of readings: nanoTime may wrap around.
        peers.values().removeIf(peer -> nowNanos - peer.lastSeenNanos() > lifetimeNanos);
    }

    SwarmStats stats() {
        int seeds = 0;
        for (Peer peer : peers.values()) {
            if (peer.isSeed()) {
                seeds++;
            }
        }
        return new SwarmStats(seeds, downloaded, peers.size() - seeds);
    }

    /**
     * Up to {@code count} peers for the requester, picked at random so that every client of a big swarm does
     * not get the same few. IPv6 peers go only to IPv6 requesters, who can reach them.
     */
    List<Peer> pick(PeerId requesterId, InetAddress requesterIp, int requesterPort, int count, Random random) {
        boolean takesIpv6 = requesterIp instanceof Inet6Address;
        List<Peer> candidates = new ArrayList<>(peers.size());
        for (Peer peer : peers.values()) {
            // The same endpoint under another id is a restarted client whose old entry has not expired yet.
            boolean itself = peer.id().equals(requesterId) || peer.sameEndpoint(requesterIp, requesterPort);
            if (!itself && (peer.isIpv4() || takesIpv6)) {
                candidates.add(peer);
            }
        }
        if (candidates.size() > count) {
            Collections.shuffle(candidates, random);
            return candidates.subList(0, count);
        }
        return candidates;
    }
}
