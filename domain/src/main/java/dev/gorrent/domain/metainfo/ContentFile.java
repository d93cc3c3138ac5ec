package dev.gorrent.domain.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One file of a folder being made into a torrent: its path below that folder, one element per
 * folder level, and its length in bytes.
 */
public record ContentFile(List<String> path, long length) {
    /**
     * Path element by path element, each compared as UTF-8 bytes (code point order), so the order does
     * not depend on the platform, the locale or the order a file system lists a folder in.
     */
    public static final Comparator<ContentFile> BY_PATH = ContentFile::comparePaths;

    public ContentFile {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a file path has at least one element");
        }
        path.forEach(element -> ContentNames.requireValid(element, "path element"));
        if (length < 0) {
            throw new IllegalArgumentException("file " + String.join("/", path) + " has negative length " + length);
        }
    }

    /** The path joined with '/', for display. */
    public String displayPath() {
        return String.join("/", path);
    }

    private static int comparePaths(ContentFile left, ContentFile right) {
        int shared = Math.min(left.path.size(), right.path.size());
        for (int i = 0; i < shared; i++) {
            int order = Arrays.compareUnsigned(utf8(left.path.get(i)), utf8(right.path.get(i)));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.path.size(), right.path.size());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
