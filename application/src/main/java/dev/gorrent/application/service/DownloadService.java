package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.in.DownloadTorrentUseCase;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The download use case: opens storage, keeps what is already verified on disk, and runs a
 * {@link TorrentSession} for the rest. Each call owns its thread pools and shuts them down on return.
 */
public final class DownloadService implements DownloadTorrentUseCase {
    private final TorrentServices services;
    private final StorageFactory storageFactory;

    public DownloadService(TrackerClient trackerClient, PeerNetwork network, StorageFactory storageFactory,
                           Sha1Digests digests, Clock clock, DownloadEvents events, SessionSettings settings,
                           RandomGenerator random) {
        this.services = new TorrentServices(trackerClient, network, digests, clock, events, settings, random);
        this.storageFactory = storageFactory;
    }

    @Override
    public DownloadResult download(DownloadRequest request) throws DownloadException, InterruptedException {
        Metainfo metainfo = request.metainfo();
        long start = services.clock().nanoTime();
        try (SessionPools pools = new SessionPools(services.digests());
             PieceStorage storage = storageFactory.open(metainfo, request.directory())) {
            Bitfield have = services.verifiedPieces(metainfo, storage, pools);
            long verified = TorrentServices.verifiedBytes(metainfo, have);
            if (have.isComplete() && !request.keepSeeding()) {
                return new DownloadResult(metainfo.totalLength(), verified, 0, elapsedSince(start));
            }
            if (!have.isComplete()) {
                requireSomeSourceOfPeers(request);
            }
            TorrentSession session = new TorrentSession(metainfo, storage, have, services.collaborators(pools),
                    services.settings(), new SessionOptions(request.listenPort(), request.extraPeers(),
                    request.keepSeeding(), false, request.announceToAllTiers()), services.random());
            long downloaded = session.run();
            return new DownloadResult(metainfo.totalLength(), verified, downloaded, elapsedSince(start));
        } catch (StorageException e) {
            throw new DownloadException(e.getMessage(), e);
        }
    }

    private Duration elapsedSince(long start) {
        return Duration.ofNanos(services.clock().nanoTime() - start);
    }

    private void requireSomeSourceOfPeers(DownloadRequest request) throws DownloadException {
        boolean anyTracker = request.metainfo().trackers().stream().anyMatch(services.trackerClient()::supports);
        if (!anyTracker && request.extraPeers().isEmpty()) {
            String listed = request.metainfo().trackers().isEmpty()
                    ? "lists no tracker"
                    : "lists no tracker Gorrent can use (" + String.join(", ", request.metainfo().trackers()) + ")";
            throw new DownloadException("the torrent " + listed + " and no --peer was given: nowhere to find peers");
        }
    }
}
