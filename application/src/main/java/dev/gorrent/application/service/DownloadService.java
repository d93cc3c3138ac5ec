package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.in.DownloadTorrentUseCase;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The download use case: opens storage, keeps what is already verified on disk, and runs a
 * {@link TorrentSession} for the rest. Each call owns its thread pools and shuts them down on return.
 */
public final class DownloadService implements DownloadTorrentUseCase {
    private final TrackerClient trackerClient;
    private final PeerNetwork network;
    private final StorageFactory storageFactory;
    private final Clock clock;
    private final DownloadEvents events;
    private final SessionSettings settings;
    private final RandomGenerator random;

    public DownloadService(TrackerClient trackerClient, PeerNetwork network, StorageFactory storageFactory, Clock clock,
                           DownloadEvents events, SessionSettings settings, RandomGenerator random) {
        this.trackerClient = trackerClient;
        this.network = network;
        this.storageFactory = storageFactory;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
        this.random = random;
    }

    @Override
    public DownloadResult download(DownloadRequest request) throws DownloadException, InterruptedException {
        Metainfo metainfo = request.metainfo();
        long start = clock.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService hashPool = Executors.newFixedThreadPool(cores, daemonThreads("gorrent-hash"));
        ExecutorService announcePool = Executors.newSingleThreadExecutor(daemonThreads("gorrent-announce"));
        try (PieceStorage storage = storageFactory.open(metainfo, request.directory())) {
            Bitfield have = new StorageChecker(metainfo, storage, hashPool, cores).check();
            long verified = verifiedBytes(metainfo, have);
            events.publish(new DownloadEvent.Checked(metainfo.name(), metainfo.totalLength(), metainfo.pieceCount(),
                    have.cardinality(), verified));
            if (have.isComplete()) {
                return new DownloadResult(metainfo.totalLength(), verified, 0, Duration.ofNanos(clock.nanoTime() - start));
            }
            requireSomeSourceOfPeers(request);
            SessionCollaborators collaborators = new SessionCollaborators(trackerClient, network, clock, events,
                    hashPool, announcePool, daemonThreads("gorrent-peer"));
            TorrentSession session = new TorrentSession(metainfo, storage, have, collaborators, settings,
                    request.listenPort(), request.extraPeers(), random);
            long downloaded = session.run();
            long elapsed = clock.nanoTime() - start;
            events.publish(new DownloadEvent.Completed(metainfo.totalLength(), downloaded, elapsed));
            return new DownloadResult(metainfo.totalLength(), verified, downloaded, Duration.ofNanos(elapsed));
        } catch (StorageException e) {
            throw new DownloadException(e.getMessage(), e);
        } finally {
            hashPool.shutdownNow();
            announcePool.shutdownNow();
        }
    }

    private void requireSomeSourceOfPeers(DownloadRequest request) throws DownloadException {
        boolean anyTracker = request.metainfo().trackers().stream().anyMatch(trackerClient::supports);
        if (!anyTracker && request.extraPeers().isEmpty()) {
            String listed = request.metainfo().trackers().isEmpty()
                    ? "lists no tracker"
                    : "lists no tracker Gorrent can use (" + String.join(", ", request.metainfo().trackers()) + ")";
            throw new DownloadException("the torrent " + listed + " and no --peer was given: nowhere to find peers");
        }
    }

    private static long verifiedBytes(Metainfo metainfo, Bitfield have) {
        long sum = 0;
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            sum += metainfo.geometry().pieceSize(i);
        }
        return sum;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
