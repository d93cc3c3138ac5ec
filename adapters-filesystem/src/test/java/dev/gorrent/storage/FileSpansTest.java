package dev.gorrent.storage;

import dev.gorrent.domain.metainfo.FileEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileSpansTest {
    // Files: 0 "a" [0,5), 1 "empty" [5,5), 2 "b" [5,8), 3 "c" [8,18), 4 "tail-empty" [18,18)
    private final FileSpans spans = FileSpans.of(List.of(
            new FileEntry(List.of("t", "a"), 5, 0),
            new FileEntry(List.of("t", "empty"), 0, 5),
            new FileEntry(List.of("t", "b"), 3, 5),
            new FileEntry(List.of("t", "c"), 10, 8),
            new FileEntry(List.of("t", "tail-empty"), 0, 18)), 18);

    @Test
    void aRangeAcrossFilesSkipsEmptyOnes() {
        assertEquals(List.of(
                new FileSpans.Span(0, 3, 0, 2),
                new FileSpans.Span(2, 0, 2, 3),
                new FileSpans.Span(3, 0, 5, 4)), spans.cover(3, 9));
    }

    @Test
    void aRangeStartingExactlyAtAFileBoundaryStartsInThatFile() {
        assertEquals(List.of(new FileSpans.Span(2, 0, 0, 3)), spans.cover(5, 3));
        assertEquals(List.of(new FileSpans.Span(3, 0, 0, 10)), spans.cover(8, 10));
    }

    @Test
    void aRangeInsideOneFileIsOneSpan() {
        assertEquals(List.of(new FileSpans.Span(3, 4, 0, 2)), spans.cover(12, 2));
    }

    @Test
    void rangesOutsideTheStreamAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> spans.cover(17, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> spans.cover(-1, 1));
        assertEquals(List.of(), spans.cover(18, 0));
    }
}
