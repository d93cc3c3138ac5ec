package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.piece.Bitfield;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a torrent's resume record is kept: a {@link ResumeFile} in the download folder's
 * {@value #FOLDER_NAME} folder, or {@link None} when the torrent's own files would live there.
 */
sealed interface ResumeStore permits ResumeFile, ResumeStore.None {
    /** Folder, directly in the download folder, that holds one record per torrent, named by info-hash. */
    String FOLDER_NAME = ".gorrent-resume";

    /** The verified pieces when a record exists, belongs to this torrent and matches its files; never throws. */
    Optional<Bitfield> read();

    /** Replaces the record atomically; the caller has flushed the data first. */
    void write(Bitfield verified) throws StorageException;

    /**
     * A record file for the torrent, unless one of its files lies in the record folder (say, a torrent named
     * {@value #FOLDER_NAME}): the record could then overwrite or be overwritten by the torrent's data, so it keeps
     * none and is re-hashed on every start instead. Names are compared ignoring case, as some file systems do.
     */
    static ResumeStore forTorrent(DiskLayout layout, InfoHash infoHash, int pieceCount, List<StoredFile> files) {
        for (StoredFile file : files) {
            if (insideRecordFolder(layout.root(), file.path())
                    || insideRecordFolder(layout.realRoot(), file.ioPath())) {
                return new None();
            }
        }
        return new ResumeFile(layout.root(), infoHash, pieceCount, files);
    }

    private static boolean insideRecordFolder(Path root, Path file) {
        if (!file.startsWith(root) || file.equals(root)) {
            return false;
        }
        String first = root.relativize(file).getName(0).toString();
        return first.toLowerCase(Locale.ROOT).equals(FOLDER_NAME.toLowerCase(Locale.ROOT));
    }

    /** No record at all: reads find none and writes are ignored, so every start re-hashes the data. */
    record None() implements ResumeStore {
        @Override
        public Optional<Bitfield> read() {
            return Optional.empty();
        }

        @Override
        public void write(Bitfield verified) {
            // Nowhere safe to keep it; see forTorrent.
        }
    }
}
