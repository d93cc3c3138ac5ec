package dev.gorrent.application.port.out;

import dev.gorrent.domain.metainfo.Metainfo;

import java.nio.file.Path;

/** Opens a torrent's storage under a download folder. */
public interface StorageFactory {

    /**
     * Opens (creating folders and files as needed) the torrent's files under {@code directory}.
     * Existing data is kept; nothing is ever written outside {@code directory}.
     */
    PieceStorage open(Metainfo metainfo, Path directory) throws StorageException;
}
