package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.CreatedTorrent;
import dev.gorrent.domain.metainfo.TorrentDraft;

/**
 * A new torrent: its file's bytes and info-hash, and what went into it (content as listed, the piece
 * length used, trackers and flags).
 */
public record CreateTorrentResult(CreatedTorrent torrent, TorrentDraft draft) {
}
