package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.ConnectedToOurselvesException;
import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerListener;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Peers that live in memory: each registered address answers {@link #connect} with a fresh
 * {@link FakeSeedConnection} following its script; unknown addresses refuse. Called from the session's
 * peer threads, configured and inspected by the test: thread-safe.
 */
public final class FakePeerNetwork implements PeerNetwork {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(20);

    private final TestTorrent torrent;
    private final Map<PeerAddress, SeedScript> scripts = new ConcurrentHashMap<>();
    private final Map<PeerAddress, SeedStats> stats = new ConcurrentHashMap<>();
    private final Map<PeerAddress, Integer> refusedDials = new ConcurrentHashMap<>();
    /** Addresses where the session would reach itself, with how often it dialled each. */
    private final Map<PeerAddress, Integer> ourselves = new ConcurrentHashMap<>();
    private final List<FakeSeedConnection> connections = new CopyOnWriteArrayList<>();
    private final Random ids = new Random(7);
    private int nextHost = 1;
    private IncomingPeers incoming;

    public FakePeerNetwork(TestTorrent torrent) {
        this.torrent = torrent;
    }

    /** Registers a peer at a fresh loopback-looking address and returns that address. */
    public synchronized PeerAddress add(SeedScript script) {
        PeerAddress address = new PeerAddress("127.0.0." + nextHost++, 6881);
        scripts.put(address, script);
        stats.put(address, new SeedStats());
        return address;
    }

    /** Makes {@code address} answer as the session itself would: with the dialler's own peer id. */
    public void addOurselves(PeerAddress address) {
        ourselves.put(address, 0);
    }

    @Override
    public PeerConnection connect(PeerAddress address, Handshake ours) throws IOException {
        if (ourselves.computeIfPresent(address, (a, dials) -> dials + 1) != null) {
            throw new ConnectedToOurselvesException("peer " + address + " is this client itself");
        }
        SeedScript script = scripts.get(address);
        if (script == null) {
            refusedDials.merge(address, 1, Integer::sum);
            throw new IOException("connection to " + address + " refused");
        }
        if (!ours.infoHash().equals(torrent.metainfo().infoHash())) {
            throw new IOException(address + " does not serve info-hash " + ours.infoHash());
        }
        SeedStats seen = stats.get(address);
        seen.connected();
        FakeSeedConnection connection = new FakeSeedConnection(address, remoteId(), torrent, script, seen,
                RECEIVE_TIMEOUT);
        connections.add(connection);
        return connection;
    }

    /** Remembers who handles incoming peers, so a test can connect "from outside" with {@link #incoming()}. */
    @Override
    public synchronized PeerListener listen(int preferredPort, IncomingPeers handler) {
        this.incoming = handler;
        return new PeerListener() {
            @Override
            public int port() {
                return preferredPort;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The handler the session registered through {@link #listen}. */
    public synchronized IncomingPeers incoming() {
        if (incoming == null) {
            throw new IllegalStateException("nothing listens");
        }
        return incoming;
    }

    private synchronized PeerId remoteId() {
        byte[] id = new byte[PeerId.LENGTH];
        ids.nextBytes(id);
        return PeerId.of(id);
    }

    public SeedStats stats(PeerAddress address) {
        SeedStats seen = stats.get(address);
        if (seen == null) {
            throw new IllegalArgumentException(address + " was never added");
        }
        return seen;
    }

    /** Every connection ever handed out. */
    public List<FakeSeedConnection> connections() {
        return List.copyOf(connections);
    }

    /** How many dials went to an address given to {@link #addOurselves}. */
    public int dialsToOurselves(PeerAddress address) {
        return ourselves.getOrDefault(address, 0);
    }

    /** How many dials went to addresses nobody listens on. */
    public int refusedDials(PeerAddress address) {
        return refusedDials.getOrDefault(address, 0);
    }
}
