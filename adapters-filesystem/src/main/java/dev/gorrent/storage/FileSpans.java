package dev.gorrent.storage;

import dev.gorrent.domain.metainfo.FileEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the files a byte range of the torrent's stream covers, by binary search over file offsets.
 * Zero-length files hold no bytes and are never part of a range. Immutable, so any thread may use it.
 */
final class FileSpans {
    /** A part of a range that lies in one file: {@code length} bytes at {@code position} in file {@code file}. */
    record Span(int file, long position, int bufferOffset, int length) {
        /** The part of this span between file positions {@code from} and {@code to}, which must lie inside it. */
        Span slice(long from, long to) {
            if (from < position || to < from || to > position + length) {
                throw new IndexOutOfBoundsException("positions " + from + ".." + to + " are not inside the span of "
                        + length + " bytes at " + position);
            }
            return new Span(file, from, bufferOffset + (int) (from - position), (int) (to - from));
        }
    }

    private final int[] fileIndex;
    private final long[] starts;
    private final long[] lengths;
    private final long totalLength;

    private FileSpans(int[] fileIndex, long[] starts, long[] lengths, long totalLength) {
        this.fileIndex = fileIndex;
        this.starts = starts;
        this.lengths = lengths;
        this.totalLength = totalLength;
    }

    /**
     * Indexes {@code files}, which must follow each other without gaps or overlaps from offset 0 and add up to
     * {@code totalLength}.
     */
    static FileSpans of(List<FileEntry> files, long totalLength) {
        int nonEmpty = (int) files.stream().filter(file -> file.length() > 0).count();
        int[] fileIndex = new int[nonEmpty];
        long[] starts = new long[nonEmpty];
        long[] lengths = new long[nonEmpty];
        long expectedOffset = 0;
        int next = 0;
        for (int i = 0; i < files.size(); i++) {
            FileEntry file = files.get(i);
            if (file.offset() != expectedOffset) {
                throw new IllegalArgumentException("file " + file.displayPath() + " starts at byte " + file.offset()
                        + " of the torrent, but the files before it end at byte " + expectedOffset);
            }
            if (file.length() > 0) {
                fileIndex[next] = i;
                starts[next] = file.offset();
                lengths[next] = file.length();
                next++;
            }
            expectedOffset = file.end();
        }
        if (expectedOffset != totalLength) {
            throw new IllegalArgumentException("the torrent's files add up to " + expectedOffset
                    + " bytes, but its length is " + totalLength);
        }
        return new FileSpans(fileIndex, starts, lengths, totalLength);
    }

    /** The parts of the stream range {@code [start, start + length)}, in stream order. */
    List<Span> cover(long start, int length) {
        if (start < 0 || length < 0 || start + length > totalLength) {
            throw new IndexOutOfBoundsException("bytes " + start + ".." + (start + length)
                    + " are not inside the torrent's " + totalLength + " bytes");
        }
        List<Span> spans = new ArrayList<>(2);
        if (length == 0) {
            return spans;
        }
        int found = Arrays.binarySearch(starts, start);
        // Not found: the range starts inside the file before the insertion point.
        int k = found >= 0 ? found : -found - 2;
        long position = start - starts[k];
        int done = 0;
        while (done < length) {
            int part = (int) Math.min(length - done, lengths[k] - position);
            spans.add(new Span(fileIndex[k], position, done, part));
            done += part;
            position = 0;
            k++;
        }
        return spans;
    }
}
