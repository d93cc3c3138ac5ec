package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.peer.PeerAddress;

import java.nio.file.Path;
import java.util.List;

/**
 * What to download and where.
 *
 * @param directory   the folder the torrent's files are placed under
 * @param listenPort  the port we listen on and announce (the next free one when it is taken)
 * @param extraPeers  peers to try beside the trackers' (e.g. from {@code --peer})
 * @param keepSeeding go on uploading after completion until interrupted
 * @param announceToAllTiers announce to one tracker of every BEP 12 tier, not just the first that answers
 */
public record DownloadRequest(Metainfo metainfo, Path directory, int listenPort, List<PeerAddress> extraPeers,
                              boolean keepSeeding, boolean announceToAllTiers) {
    public DownloadRequest {
        extraPeers = List.copyOf(extraPeers);
    }

    /** Announces tier by tier (the BEP 12 default). */
    public DownloadRequest(Metainfo metainfo, Path directory, int listenPort, List<PeerAddress> extraPeers,
                           boolean keepSeeding) {
        this(metainfo, directory, listenPort, extraPeers, keepSeeding, false);
    }
}
