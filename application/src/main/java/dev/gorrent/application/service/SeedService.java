package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.SeedRequest;
import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.in.SeedTorrentUseCase;
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
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The seed use case: verifies that the data is whole, then serves it until the calling thread is
 * interrupted. The interrupt is the request to stop, so it is consumed, not passed on.
 */
public final class SeedService implements SeedTorrentUseCase {
    private final TorrentServices services;
    private final StorageFactory storageFactory;

    public SeedService(TrackerClient trackerClient, PeerNetwork network, StorageFactory storageFactory,
                       Sha1Digests digests, Clock clock, DownloadEvents events, SessionSettings settings,
                       RandomGenerator random) {
        this.services = new TorrentServices(trackerClient, network, digests, clock, events, settings, random);
        this.storageFactory = storageFactory;
    }

    @Override
    public SeedResult seed(SeedRequest request) throws DownloadException {
        Metainfo metainfo = request.metainfo();
        long start = services.clock().nanoTime();
        TorrentSession session = null;
        try (SessionPools pools = new SessionPools(services.digests());
             PieceStorage storage = storageFactory.open(metainfo, request.directory())) {
            Bitfield have = services.verifiedPieces(metainfo, storage, pools);
            if (!have.isComplete()) {
                throw new DownloadException("the data of " + metainfo.name() + " in " + request.directory()
                        + " is incomplete (" + have.cardinality() + " of " + have.size()
                        + " pieces verified): download it first");
            }
            session = new TorrentSession(metainfo, storage, have, services.collaborators(pools), services.settings(),
                    new SessionOptions(request.listenPort(), List.of(), true, true, request.announceToAllTiers()),
                    services.random());
            session.run();
            throw new IllegalStateException("a seeding session ends only when interrupted");
        } catch (InterruptedException stop) {
            long uploaded = session == null ? 0 : session.uploadedBytes();
            return new SeedResult(uploaded, Duration.ofNanos(services.clock().nanoTime() - start));
        } catch (StorageException e) {
            throw new DownloadException(e.getMessage(), e);
        }
    }
}
