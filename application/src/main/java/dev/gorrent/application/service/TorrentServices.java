package dev.gorrent.application.service;

import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;

import java.util.Optional;
import java.util.random.RandomGenerator;

/** What the download and seed use cases share: their ports, and how they find what is already on disk. */
record TorrentServices(TrackerClient trackerClient, PeerNetwork network, Sha1Digests digests, Clock clock,
                       DownloadEvents events, SessionSettings settings, RandomGenerator random) {

    /**
     * The verified pieces: from a resume record that still matches the files, else by hashing every
     * piece that could be there, on every core.
     */
    Bitfield verifiedPieces(Metainfo metainfo, PieceStorage storage, SessionPools pools)
            throws StorageException, InterruptedException {
        Optional<Bitfield> recorded = storage.readResumeRecord();
        Bitfield have = recorded.isPresent()
                ? recorded.get()
                : new StorageChecker(metainfo, storage, digests, pools.hashPool, pools.cores).check();
        events.publish(new DownloadEvent.Checked(metainfo.name(), metainfo.totalLength(), metainfo.pieceCount(),
                have.cardinality(), verifiedBytes(metainfo, have)));
        return have;
    }

    SessionCollaborators collaborators(SessionPools pools) {
        return new SessionCollaborators(trackerClient, network, digests, clock, events, pools.hashPool,
                pools.diskWriter, pools.uploadPool, pools.announcePool, pools.peerThreads);
    }

    static long verifiedBytes(Metainfo metainfo, Bitfield have) {
        long sum = 0;
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            sum += metainfo.geometry().pieceSize(i);
        }
        return sum;
    }
}
