package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out one {@link InMemoryStorage} per torrent, creating it on first use; the test may prepare it first. */
public final class InMemoryStorageFactory implements StorageFactory {
    private final Map<InfoHash, InMemoryStorage> storages = new ConcurrentHashMap<>();

    /** The storage the torrent will get (created empty if the test has not asked before). */
    public InMemoryStorage storageFor(Metainfo metainfo) {
        return storages.computeIfAbsent(metainfo.infoHash(), h -> new InMemoryStorage(metainfo.geometry()));
    }

    @Override
    public PieceStorage open(Metainfo metainfo, Path directory) {
        return storageFor(metainfo);
    }
}
