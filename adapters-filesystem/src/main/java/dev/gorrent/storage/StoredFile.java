package dev.gorrent.storage;

import dev.gorrent.domain.metainfo.FileEntry;

import java.nio.file.Path;

/**
 * One torrent file as placed on disk.
 *
 * @param entry    the file as the metainfo describes it
 * @param path     where the user expects it (download folder + path elements); used in messages
 * @param ioPath   the same file with symbolic links in its folders resolved; used for I/O
 * @param complete whether it already existed with at least its full length when storage was opened
 */
record StoredFile(FileEntry entry, Path path, Path ioPath, boolean complete) {
}
