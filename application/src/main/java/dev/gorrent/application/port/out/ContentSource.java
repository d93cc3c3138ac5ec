package dev.gorrent.application.port.out;

import dev.gorrent.domain.metainfo.ContentFile;
import dev.gorrent.domain.metainfo.TorrentContent;

import java.nio.file.Path;

/** The files a new torrent is made from: listing them, then reading their bytes. */
public interface ContentSource {

    /**
     * Lists what {@code path} holds. A regular file is a {@link TorrentContent.SingleFile}; a folder is a
     * {@link TorrentContent.Folder} of every file below it (hidden and empty ones too; empty folders add
     * nothing), sorted by {@link ContentFile#BY_PATH} so the same folder always makes the same torrent.
     * Both are named after the last element of {@code path}.
     *
     * @throws InvalidContentException when {@code path} is missing, has no name, is neither file nor
     *                                 folder, or holds no file, a symbolic link that leaves it or names no
     *                                 regular file, or a special file (device, pipe, socket)
     * @throws ContentException        when a folder cannot be read
     */
    TorrentContent scan(Path path) throws ContentException;

    /**
     * Opens the bytes of {@code content}, as {@link #scan} listed it from {@code path}, as one stream.
     * A reader is used by one thread; open one per thread.
     */
    ContentReader openReader(Path path, TorrentContent content) throws ContentException;
}
