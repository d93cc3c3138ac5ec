package dev.gorrent.domain.metainfo;

import java.util.List;

/**
 * One file of a torrent. {@code path} is relative to the download folder and already sanitised: its
 * first element is the torrent's name, and no element is empty, {@code .}, {@code ..} or holds a separator.
 * {@code offset} is where the file starts in the torrent's concatenated byte stream.
 */
public record FileEntry(List<String> path, long length, long offset) {
    public FileEntry {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a file path has at least one element");
        }
        if (length < 0) {
            throw new IllegalArgumentException("file length " + length + " is negative");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("file offset " + offset + " is negative");
        }
    }

    /** The path joined with '/', for display. */
    public String displayPath() {
        return String.join("/", path);
    }

    /** One past the file's last byte in the torrent's byte stream. */
    public long end() {
        return offset + length;
    }
}
