package dev.gorrent.application.service;

import dev.gorrent.domain.peer.PeerAddress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every peer address we have heard of and whether we may dial it now: connected ones are skipped,
 * failed ones wait longer after each failure, banned ones never come back. A peer caught misbehaving
 * gets its host banned, as libtorrent does: it could otherwise come back from another port, or dial us
 * from a fresh one. Bounded in size. Owned by the session thread.
 */
final class PeerBook {
    private static final long SECOND = 1_000_000_000L;
    private static final long FIRST_RETRY = 30 * SECOND;
    private static final int MAX_FAILURES = 5;

    private final int capacity;
    private final Map<PeerAddress, Entry> entries = new LinkedHashMap<>();
    private final Set<String> bannedHosts = new HashSet<>();

    PeerBook(int capacity) {
        this.capacity = capacity;
    }

    /** Adds addresses not yet known; ignores what does not fit. */
    void addAll(List<PeerAddress> addresses) {
        for (PeerAddress address : addresses) {
            if (entries.size() >= capacity) {
                return;
            }
            entries.putIfAbsent(address, new Entry());
        }
    }

    int size() {
        return entries.size();
    }

    /** Up to {@code max} addresses to dial now, each marked as connecting. */
    List<PeerAddress> takeDialable(int max, long nowNanos) {
        List<PeerAddress> chosen = new ArrayList<>();
        for (Map.Entry<PeerAddress, Entry> e : entries.entrySet()) {
            if (chosen.size() >= max) {
                break;
            }
            Entry entry = e.getValue();
            if (entry.state == State.IDLE && nowNanos >= entry.notBefore && !bannedHosts.contains(e.getKey().host())) {
                entry.state = State.BUSY;
                chosen.add(e.getKey());
            }
        }
        return chosen;
    }

    /** A connection we opened, or one that was handed to us, is now live. */
    void connected(PeerAddress address) {
        Entry entry = entries.computeIfAbsent(address, a -> new Entry());
        entry.state = State.BUSY;
        entry.failures = 0;
    }

    /** The connection ended or could not be opened: it may be dialled again after a back-off. */
    void disconnected(PeerAddress address, boolean failed, long nowNanos) {
        Entry entry = entries.get(address);
        if (entry == null || entry.state == State.BANNED) {
            return;
        }
        if (failed) {
            entry.failures++;
        }
        if (entry.failures >= MAX_FAILURES) {
            entry.state = State.BANNED;
            return;
        }
        entry.state = State.IDLE;
        entry.notBefore = nowNanos + (failed ? FIRST_RETRY << (entry.failures - 1) : FIRST_RETRY);
    }

    /** Never dial this address again in this session. */
    void ban(PeerAddress address) {
        entries.computeIfAbsent(address, a -> new Entry()).state = State.BANNED;
    }

    /**
     * Never dial this address, nor any other port of its host, and accept no connection from the host again in
     * this session. Hosts beyond the book's capacity are banned by address only, so the set stays bounded.
     */
    void banHost(PeerAddress address) {
        ban(address);
        if (bannedHosts.size() < capacity) {
            bannedHosts.add(address.host());
        }
    }

    boolean isBanned(PeerAddress address) {
        Entry entry = entries.get(address);
        return entry != null && entry.state == State.BANNED || isHostBanned(address.host());
    }

    /** Whether a peer on this host misbehaved: a connection from it is refused. */
    boolean isHostBanned(String host) {
        return bannedHosts.contains(host);
    }

    /** True when some address is neither connected nor banned: dialling may yet find a peer. */
    boolean hasProspects() {
        return entries.entrySet().stream()
                .anyMatch(e -> e.getValue().state == State.IDLE && !bannedHosts.contains(e.getKey().host()));
    }

    private enum State { IDLE, BUSY, BANNED }

    private static final class Entry {
        State state = State.IDLE;
        int failures;
        long notBefore;
    }
}
