package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.domain.metainfo.Metainfo;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens a torrent's storage as plain files under a download folder: {@code folder/name} for a single file,
 * {@code folder/name/dir/.../file} for each file of a multi-file torrent, and a resume record in
 * {@code folder/.gorrent-resume/<info-hash-hex>.resume}. Stateless, so any thread may use it.
 */
public final class FileStorageFactory implements StorageFactory {
    /** Open files kept per torrent by default: enough for pieces spanning several files, far below OS limits. */
    public static final int DEFAULT_MAX_OPEN_FILES = 64;

    private final int maxOpenFiles;

    public FileStorageFactory() {
        this(DEFAULT_MAX_OPEN_FILES);
    }

    /** Keeps at most {@code maxOpenFiles} files of each opened torrent open at once (idle ones are closed). */
    public FileStorageFactory(int maxOpenFiles) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("at least one file must be allowed open, got " + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
    }

    /**
     * Creates missing folders and files, extends short files and keeps existing bytes; a file longer than the
     * torrent says is left as it is, since its extra bytes may be the user's and are never read. Files that already
     * have their full length are not written to, so their modification times, which a resume record checks, stay.
     *
     * @throws StorageException when a file cannot be created, something is in its way, or its path would lead
     *                          outside {@code directory}
     * @throws IllegalArgumentException when the metainfo's file offsets do not add up to its length
     */
    @Override
    public FilePieceStorage open(Metainfo metainfo, Path directory) throws StorageException {
        FileSpans spans = FileSpans.of(metainfo.files(), metainfo.totalLength());
        DiskLayout layout = DiskLayout.under(directory);
        List<StoredFile> files = layout.prepare(metainfo.files());
        return new FilePieceStorage(metainfo.geometry(), files, spans,
                new ChannelPool(files, maxOpenFiles, layout.root(), ChannelPool.Mode.BUFFERED),
                new ChannelPool(files, maxOpenFiles, layout.root(), ChannelPool.Mode.DIRECT_WRITES),
                DirectWrites.forFolder(layout.root()),
                ResumeStore.forTorrent(layout, metainfo.infoHash(), metainfo.pieceCount(), files));
    }
}
