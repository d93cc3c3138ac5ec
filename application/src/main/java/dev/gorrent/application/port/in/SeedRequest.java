package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.Metainfo;

import java.nio.file.Path;

/**
 * What to seed: a torrent whose data is complete under {@code directory}.
 *
 * @param listenPort the port we listen on and announce (the next free one when it is taken)
 */
public record SeedRequest(Metainfo metainfo, Path directory, int listenPort) {
}
