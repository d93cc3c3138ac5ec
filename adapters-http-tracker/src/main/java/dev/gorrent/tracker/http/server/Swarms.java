package dev.gorrent.tracker.http.server;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.domain.metainfo.InfoHash;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Every torrent's swarm, in memory and bounded. Threads: the HTTP workers call in concurrently, and
 * the owner calls {@link #allow}; one lock (this object's monitor) guards all state, which is cheap
 * because each call does only a little map work and no I/O.
 */
final class Swarms {
    private final EmbeddedTrackerSettings settings;
    private final Clock clock;
    private final Random random = new Random();
    private final Map<InfoHash, Swarm> swarms = new HashMap<>();
    private final Set<InfoHash> allowed = new HashSet<>();

    Swarms(EmbeddedTrackerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** From the first call on, only allowed torrents are served; before it, any torrent is. */
    synchronized void allow(InfoHash infoHash) {
        allowed.add(infoHash);
    }

    /** Records the announce and picks peers for the announcing client at {@code from}. */
    synchronized AnnounceResult announce(Announce announce, InetAddress from) throws RequestRefused {
        if (!isServed(announce.infoHash())) {
            throw new RequestRefused("unregistered torrent");
        }
        long now = clock.nanoTime();
        long lifetime = settings.peerLifetime().toNanos();
        Swarm swarm = swarms.get(announce.infoHash());
        if (swarm == null) {
            if (announce.event() == AnnounceEvent.STOPPED) {
                return new AnnounceResult(from, List.of(), SwarmStats.EMPTY);
            }
            swarm = newSwarm(now, lifetime);
            swarms.put(announce.infoHash(), swarm);
        }
        swarm.expire(now, lifetime);
        if (announce.event() == AnnounceEvent.STOPPED) {
            swarm.remove(announce.peerId());
            SwarmStats stats = swarm.stats();
            forgetIfEmpty(announce.infoHash(), swarm);
            return new AnnounceResult(from, List.of(), stats);
        }
        Peer previous = swarm.peer(announce.peerId()).orElse(null);
        if (previous == null && swarm.size() >= settings.maxPeersPerTorrent()) {
            forgetIfEmpty(announce.infoHash(), swarm);
            throw new RequestRefused("torrent swarm is full (" + settings.maxPeersPerTorrent() + " peers)");
        }
        boolean finishedNow = announce.event() == AnnounceEvent.COMPLETED && (previous == null || !previous.isSeed());
        if (finishedNow) {
            swarm.countCompletion();
        }
        swarm.put(new Peer(announce.peerId(), from, announce.port(), announce.left(), now));
        List<Peer> peers = swarm.pick(announce.peerId(), from, announce.port(), announce.numWant(), random);
        return new AnnounceResult(from, peers, swarm.stats());
    }

    /**
     * Counts for the given torrents, or for every torrent when none is named. Torrents the tracker does
     * not know are left out (BEP 48), except allowed ones, which report zeros until someone announces.
     */
    synchronized Map<InfoHash, SwarmStats> scrape(List<InfoHash> infoHashes) {
        long now = clock.nanoTime();
        long lifetime = settings.peerLifetime().toNanos();
        Map<InfoHash, SwarmStats> stats = new LinkedHashMap<>();
        Set<InfoHash> wanted = new LinkedHashSet<>(infoHashes);
        if (wanted.isEmpty()) {
            wanted.addAll(swarms.keySet());
            wanted.addAll(allowed);
        }
        for (InfoHash infoHash : wanted) {
            Swarm swarm = swarms.get(infoHash);
            if (swarm != null && isServed(infoHash)) {
                swarm.expire(now, lifetime);
                stats.put(infoHash, swarm.stats());
            } else if (allowed.contains(infoHash)) {
                stats.put(infoHash, SwarmStats.EMPTY);
            }
        }
        return stats;
    }

    private boolean isServed(InfoHash infoHash) {
        return allowed.isEmpty() || allowed.contains(infoHash);
    }

    private Swarm newSwarm(long now, long lifetime) throws RequestRefused {
        if (swarms.size() >= settings.maxTorrents()) {
            // Only when full: sweeping every swarm on every announce would cost more than it frees.
            swarms.values().forEach(swarm -> swarm.expire(now, lifetime));
            swarms.values().removeIf(Swarm::isEmpty);
        }
        if (swarms.size() >= settings.maxTorrents()) {
            throw new RequestRefused("tracker is full (" + settings.maxTorrents() + " torrents)");
        }
        return new Swarm();
    }

    private void forgetIfEmpty(InfoHash infoHash, Swarm swarm) {
        // An empty swarm still remembers its completion count, worth keeping for scrape; drop it only
        // when it has nothing to say, so that a torrent nobody announces any more frees its slot.
        if (swarm.isEmpty() && swarm.stats().downloaded() == 0) {
            swarms.remove(infoHash);
        }
    }
}
