package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.Metainfo;

import java.nio.file.Path;

/**
 * What to seed: a torrent whose data is complete under {@code directory}.
 *
 * @param listenPort         the port we listen on and announce (the next free one when it is taken)
 * @param announceToAllTiers announce to one tracker of every BEP 12 tier, not just the first that answers
 */
public record SeedRequest(Metainfo metainfo, Path directory, int listenPort, boolean announceToAllTiers) {

    /** Announces tier by tier (the BEP 12 default). */
    public SeedRequest(Metainfo metainfo, Path directory, int listenPort) {
        this(metainfo, directory, listenPort, false);
    }
}
