package dev.gorrent.storage;

import dev.gorrent.domain.metainfo.FileEntry;

import java.nio.file.Path;

/**
 * One torrent file as placed on disk.
 *
 * @param entry  the file as the metainfo describes it
 * @param path   where the user expects it (download folder + path elements); used in messages
 * @param ioPath the same file with symbolic links in its folders resolved; used for I/O
 * @param atOpen what storage found there when it was opened
 */
record StoredFile(FileEntry entry, Path path, Path ioPath, AtOpen atOpen) {

    /** What was at a file's place when storage was opened, and what opening did about it. */
    enum AtOpen {
        /** There with at least its full length (or empty, and created so at open). */
        COMPLETE,
        /** There but shorter: extended (sparsely) to its length at open. */
        EXTENDED,
        /** Not there: created, full length and sparse, by the first write into it. */
        MISSING
    }

    /** Whether it already had its full length when storage was opened. */
    boolean complete() {
        return atOpen == AtOpen.COMPLETE;
    }
}
