package dev.gorrent.application.service.create;

import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentReader;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.domain.metainfo.TorrentContent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Content held in memory: one path, its listing and the bytes of its stream (which may be shorter
 * than listed, for tests that must never read; reads past it fail). Readers are opened and
 * used on the hashing threads and inspected by the test afterwards, so shared state is locked.
 */
final class InMemoryContentSource implements ContentSource {
    private final Path path;
    private final TorrentContent content;
    private final byte[] stream;
    private final List<RecordingReader> readers = new ArrayList<>();
    private ContentException scanFailure;
    private long failingOffset = -1;
    private long holdingOffset = -1;
    private final CountDownLatch holdReached = new CountDownLatch(1);

    InMemoryContentSource(Path path, TorrentContent content, byte[] stream) {
        this.path = path;
        this.content = content;
        this.stream = stream.clone();
    }

    /** Makes {@link #scan} throw this. */
    synchronized InMemoryContentSource failScanWith(ContentException failure) {
        scanFailure = failure;
        return this;
    }

    /** Makes any read covering {@code offset} fail. */
    synchronized InMemoryContentSource failReadsAt(long offset) {
        failingOffset = offset;
        return this;
    }

    /**
     * Makes any read covering {@code offset} wait until its thread is interrupted;
     * returns a latch opened when one does.
     */
    synchronized CountDownLatch holdReadsAt(long offset) {
        holdingOffset = offset;
        return holdReached;
    }

    @Override
    public synchronized TorrentContent scan(Path requested) throws ContentException {
        if (scanFailure != null) {
            throw scanFailure;
        }
        if (!requested.equals(path)) {
            throw new InvalidContentException(requested + ": no such file or folder");
        }
        return content;
    }

    @Override
    public synchronized ContentReader openReader(Path requested, TorrentContent listed) throws ContentException {
        if (!requested.equals(path) || !listed.equals(content)) {
            throw new ContentException("reader opened for something never scanned: " + requested);
        }
        RecordingReader reader = new RecordingReader();
        readers.add(reader);
        return reader;
    }

    synchronized List<RecordingReader> readers() {
        return List.copyOf(readers);
    }

    private synchronized long failingOffset() {
        return failingOffset;
    }

    private synchronized long holdingOffset() {
        return holdingOffset;
    }

    /** A reader that remembers every offset it read from and whether it was closed. */
    final class RecordingReader implements ContentReader {
        private final List<Long> offsets = new ArrayList<>();
        private boolean closed;

        @Override
        public void read(long offset, byte[] into, int length) throws ContentException {
            synchronized (this) {
                if (closed) {
                    throw new ContentException("read after close");
                }
                offsets.add(offset);
            }
            if (covers(offset, length, failingOffset())) {
                throw new ContentException("disk said no at byte " + failingOffset());
            }
            if (covers(offset, length, holdingOffset())) {
                holdReached.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContentException("read interrupted", e);
                }
            }
            if (offset + length > stream.length) {
                throw new ContentException("read past the end of the stream at " + offset);
            }
            System.arraycopy(stream, Math.toIntExact(offset), into, 0, length);
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        synchronized boolean closed() {
            return closed;
        }

        synchronized List<Long> offsets() {
            return List.copyOf(offsets);
        }

        private boolean covers(long offset, int length, long target) {
            return target >= offset && target < offset + length;
        }
    }
}
