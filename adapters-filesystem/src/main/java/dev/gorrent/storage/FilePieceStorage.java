package dev.gorrent.storage;

import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.PieceGeometry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A torrent's pieces stored in its files, as {@link FileStorageFactory} laid them out; a piece may span many files.
 *
 * <p>Threads: every method may be called from any thread. Reads and writes use positional channel I/O on channels
 * leased from a bounded {@link ChannelPool}, so calls on different pieces run concurrently; concurrent writes of the
 * same piece leave one of the two versions, byte by byte. Written files are marked dirty in an atomic array that
 * {@link #flush} drains. {@link #close} while calls are in flight makes those calls fail with a closed-storage error.
 * {@link #writeResumeRecord} may run on one thread while others write pieces: its flush covers every write that
 * completed before it was called, which is all a recorded piece needs; a write that lands during it only makes the
 * record stale (see {@link ResumeFile}).
 *
 * <p>Files missing at open are created by {@link AheadCreation} on a thread of its own, from the first write until
 * the first resume record, or by the first write that needs one, whichever comes first. Pieces are written with
 * {@link DirectWrites} where the file system allows: large aligned stretches bypass the page cache through a second
 * pool of channels opened for direct I/O, the rest is written through the first.
 *
 * <p>Write-behind: once {@link #FLUSH_EVERY} bytes have been written since the last flush, the writer that crosses
 * the mark hands a flush to the {@code gorrent-write-behind} thread (one at a time) and goes on writing. The device
 * then works while the download goes on, and the flush at completion has little left instead of the whole torrent.
 * Done on the writer itself, that flush held every piece behind it: with 2,000 small files about 1,000 of them to
 * force, 50 to 100 ms in which the download stood still. Flushes run one at a time ({@code flushLock}), so a
 * {@link #flush} called while a write-behind flush runs returns only after the files that one took are forced too.
 * A write-behind flush that fails leaves its files marked, and its error is thrown by the next write or flush. A
 * flush of many files forces them on short-lived {@code gorrent-flush} threads at once, and returns when all are
 * done.
 *
 * <p>Torrents of many files may instead be flushed with one {@code syncfs} per file system ({@link
 * WholeFileSystemFlush}, which says when): 20,000 small files took 1.7 to 2.1 s to force one by one and 0.24 s
 * that way. Its descriptors are opened by a {@code gorrent-syncfs} thread as the storage opens.
 */
public final class FilePieceStorage implements PieceStorage {
    /** Retries when another thread's interrupt closed a shared channel under us; more means something is wrong. */
    private static final int MAX_ATTEMPTS = 3;
    static final long FLUSH_EVERY = 64L << 20;
    /** From this many written files on, a flush forces them on several threads at once. */
    static final int PARALLEL_FLUSH_MIN_FILES = 8;
    private static final int PARALLEL_FLUSH_THREADS = 16;
    private static final ThreadFactory FLUSH_THREADS = task -> {
        Thread thread = new Thread(task, "gorrent-flush");
        thread.setDaemon(true);
        return thread;
    };
    private static final ThreadFactory WRITE_BEHIND_THREAD = task -> {
        Thread thread = new Thread(task, "gorrent-write-behind");
        thread.setDaemon(true);
        return thread;
    };

    private final PieceGeometry geometry;
    private final List<StoredFile> files;
    private final FileSpans spans;
    private final ChannelPool channels;
    private final ChannelPool directChannels;
    private final DirectWrites direct;
    private final AtomicIntegerArray dirty;
    private final ResumeStore resume;
    private final AtomicLong writtenSinceFlush = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** Its one thread starts with the first write-behind flush; {@link #close} waits for the one running. */
    private final ExecutorService writeBehind = Executors.newSingleThreadExecutor(WRITE_BEHIND_THREAD);
    /** Held by each flush for all of its work, so that no flush returns while files another one took are unforced. */
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Why the last write-behind flush failed, until a write or flush throws it. */
    private final AtomicReference<StorageException> writeBehindFailure = new AtomicReference<>();
    /** Per file: 1 once it exists (files missing at open are created ahead or by their first write). */
    private final AtomicIntegerArray present;
    private final AheadCreation aheadCreation;
    private final WholeFileSystemFlush wholeFileSystem;

    FilePieceStorage(PieceGeometry geometry, List<StoredFile> files, FileSpans spans, ChannelPool channels,
                     ChannelPool directChannels, DirectWrites direct, ResumeStore resume) {
        this.geometry = geometry;
        this.files = List.copyOf(files);
        this.spans = spans;
        this.channels = channels;
        this.directChannels = directChannels;
        this.direct = direct;
        this.dirty = new AtomicIntegerArray(files.size());
        this.resume = resume;
        this.present = new AtomicIntegerArray(files.size());
        for (int file = 0; file < files.size(); file++) {
            present.set(file, files.get(file).atOpen() == StoredFile.AtOpen.MISSING ? 0 : 1);
        }
        this.aheadCreation = new AheadCreation(files, present);
        this.wholeFileSystem = WholeFileSystemFlush.forFiles(this.files);
    }

    @Override
    public void writePiece(int index, PieceData data) throws StorageException {
        int size = geometry.pieceSize(index);
        if (data.length() != size) {
            throw new IllegalArgumentException("piece " + index + " holds " + size + " bytes, got " + data.length());
        }
        throwWriteBehindFailure();
        aheadCreation.startOnce();
        for (FileSpans.Span span : spans.cover(geometry.pieceOffset(index), size)) {
            wholeFileSystem.beforeWrite(span.file());
            write(span, data);
            // Marked after the write, so a flush that clears the mark first cannot miss these bytes.
            dirty.set(span.file(), 1);
        }
        if (writtenSinceFlush.addAndGet(size) >= FLUSH_EVERY && flushing.compareAndSet(false, true)) {
            try {
                writeBehind.execute(this::flushBehind);
            } catch (RejectedExecutionException e) {
                flushing.set(false); // closed: nothing is flushed any more
            }
        }
    }

    private void flushBehind() {
        try {
            forceWritten();
        } catch (StorageException e) {
            writeBehindFailure.compareAndSet(null, e);
        } finally {
            flushing.set(false);
        }
    }

    private void throwWriteBehindFailure() throws StorageException {
        StorageException failure = writeBehindFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void readPiece(int index, ByteBuffer into) throws StorageException {
        int size = geometry.pieceSize(index);
        if (into.remaining() != size) {
            throw new IllegalArgumentException("piece " + index + " holds " + size + " bytes, but the buffer has room"
                    + " for " + into.remaining());
        }
        read(geometry.pieceOffset(index), into);
    }

    @Override
    public void readBlock(int index, int begin, ByteBuffer into) throws StorageException {
        int size = geometry.pieceSize(index);
        int length = into.remaining();
        if (!geometry.isWithinPiece(index, begin, length)) {
            throw new IndexOutOfBoundsException("block of " + length + " bytes at " + begin
                    + " is not inside piece " + index + " of " + size + " bytes");
        }
        read(geometry.pieceOffset(index) + begin, into);
    }

    /**
     * Hands the target at most the rest of the first file the block touches, with one {@code transferTo} (a
     * {@code sendfile} to a socket): the caller calls again for the rest, so a retry never repeats bytes already
     * sent. A failure is the disk's only when the bytes cannot be read back in the ordinary way.
     */
    @Override
    public long transferBlock(int index, int begin, int length, WritableByteChannel target) throws IOException {
        if (!geometry.isWithinPiece(index, begin, length)) {
            throw new IndexOutOfBoundsException("block of " + length + " bytes at " + begin
                    + " is not inside piece " + index + " of " + geometry.pieceSize(index) + " bytes");
        }
        if (length == 0) {
            return 0;
        }
        FileSpans.Span span = spans.cover(geometry.pieceOffset(index) + begin, length).get(0);
        StoredFile file = files.get(span.file());
        try {
            return withChannelReturning(channels, span.file(), false, "cannot read ", channel -> {
                long moved;
                try {
                    moved = channel.transferTo(span.position(), span.length(), target);
                } catch (IOException e) {
                    if (!target.isOpen() || readsBack(channel, span)) {
                        throw new TargetFailed(e);
                    }
                    throw e;
                }
                // transferTo says 0 both for a full target and for a position past the end of the file.
                if (moved == 0 && channel.size() <= span.position()) {
                    throw shorterThanExpected(file, channel.size());
                }
                return moved;
            });
        } catch (TargetFailed e) {
            throw e.reason;
        }
    }

    /** Whether the span reads back through the page cache: then a failed transfer was the target's fault. */
    private static boolean readsBack(FileChannel channel, FileSpans.Span span) {
        try {
            return readFully(channel, ByteBuffer.allocate(span.length()), span.position());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Carries a failure of a transfer's target past {@link #withChannel}, which takes every checked exception for the
     * file's. Unchecked only for that passage: {@link #transferBlock} unwraps it at once.
     */
    private static final class TargetFailed extends RuntimeException {
        private final IOException reason;

        TargetFailed(IOException reason) {
            super(reason.getMessage(), reason, false, false);
            this.reason = reason;
        }
    }

    @Override
    public boolean mayHoldPiece(int index) {
        for (FileSpans.Span span : spans.cover(geometry.pieceOffset(index), geometry.pieceSize(index))) {
            if (!files.get(span.file()).complete()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record at {@code DIR/.gorrent-resume/<info-hash-hex>.resume}, when every file still has the recorded size
     * and modification time and either was complete at open or the record was written since. A missing, unreadable,
     * damaged, foreign or stale record reads as empty rather than failing, since hashing the data is always a safe
     * fallback; so does every record of a torrent whose own files lie in {@code .gorrent-resume}, which keeps none.
     *
     * @throws StorageException only when storage is closed
     */
    @Override
    public Optional<Bitfield> readResumeRecord() throws StorageException {
        if (channels.isClosed()) {
            throw channels.closedFailure();
        }
        return resume.read();
    }

    /**
     * Flushes every written file, then stamps the files and replaces the record atomically (temporary file, forced,
     * moved over the old one). Pieces in {@code verified} must have been written before this call. A torrent whose
     * own files lie in {@code .gorrent-resume} keeps no record: this then only flushes.
     *
     * @throws StorageException when storage is closed, flushing fails, or the record cannot be written
     * @throws IllegalArgumentException when {@code verified} does not have one bit per piece
     */
    @Override
    public void writeResumeRecord(Bitfield verified) throws StorageException {
        if (verified.size() != geometry.pieceCount()) {
            throw new IllegalArgumentException("the torrent has " + geometry.pieceCount() + " pieces, but the bitfield"
                    + " to record has " + verified.size());
        }
        if (channels.isClosed()) {
            throw channels.closedFailure();
        }
        // The record stamps each file, absent ones too, so no file may appear behind it; the first record comes
        // 30 s into a download, when creating ahead has long done its work, and the writes create the rest.
        aheadCreation.stop();
        flush();
        resume.write(verified);
    }

    /**
     * Forces every file written since the last flush, including ones whose channel was closed since; waits for a
     * write-behind flush in progress, and throws its failure if it failed.
     */
    @Override
    public void flush() throws StorageException {
        forceWritten();
        throwWriteBehindFailure();
    }

    private void forceWritten() throws StorageException {
        flushLock.lock();
        try {
            forceWrittenLocked();
        } finally {
            flushLock.unlock();
        }
    }

    private void forceWrittenLocked() throws StorageException {
        long writtenBytes = writtenSinceFlush.getAndSet(0);
        StorageException failure = channels.takeEvictionFailure();
        StorageException directFailure = directChannels.takeEvictionFailure();
        if (failure == null) {
            failure = directFailure;
        } else if (directFailure != null) {
            failure.addSuppressed(directFailure);
        }
        List<Integer> written = new ArrayList<>();
        for (int file = 0; file < files.size(); file++) {
            if (dirty.getAndSet(file, 0) != 0) {
                written.add(file);
            }
        }
        List<Integer> toForce = wholeFileSystem.sync(written, writtenBytes);
        for (StorageException e : toForce.size() < PARALLEL_FLUSH_MIN_FILES ? forceEach(toForce)
                : forceInParallel(toForce)) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private List<StorageException> forceEach(List<Integer> written) {
        List<StorageException> failures = new ArrayList<>();
        for (int file : written) {
            try {
                force(file);
            } catch (StorageException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /**
     * Forces many files at once on short-lived threads: the device and the file system serve concurrent flushes
     * together (2000 small files: 0.2 s instead of 0.4 s here), and a torrent of many files would otherwise wait for
     * them one by one, at every write-behind mark and at completion.
     */
    private List<StorageException> forceInParallel(List<Integer> written) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_FLUSH_THREADS, written.size()),
                FLUSH_THREADS);
        List<Future<?>> forced = new ArrayList<>();
        try {
            for (int file : written) {
                forced.add(pool.submit(() -> {
                    force(file);
                    return null;
                }));
            }
            List<StorageException> failures = new ArrayList<>();
            for (int i = 0; i < forced.size(); i++) {
                try {
                    forced.get(i).get();
                } catch (ExecutionException e) {
                    dirty.set(written.get(i), 1);
                    failures.add(e.getCause() instanceof StorageException storageFailure ? storageFailure
                            : new StorageException("cannot flush " + files.get(written.get(i)).path() + ": "
                                    + e.getCause(), e.getCause()));
                } catch (InterruptedException e) {
                    // Whatever was not confirmed forced stays owed to the next flush.
                    for (int left = i; left < written.size(); left++) {
                        dirty.set(written.get(left), 1);
                    }
                    Thread.currentThread().interrupt();
                    failures.add(new StorageException("cannot flush the files under " + files.get(0).path().getParent()
                            + ": interrupted", e));
                    return failures;
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Forces one written file; on failure it stays marked, for the next flush to try again. */
    private void force(int file) throws StorageException {
        try {
            // On a fresh channel this still flushes the file's pending data: the kernel keeps it per file.
            withChannel(channels, file, false, "cannot flush ", channel -> channel.force(false));
        } catch (StorageException e) {
            dirty.set(file, 1);
            throw e;
        }
    }

    /**
     * Closes every file without forcing it to the device; call {@link #flush} first for that. Waits for a write-behind
     * flush in progress. Idempotent.
     */
    @Override
    public void close() throws StorageException {
        aheadCreation.stop();
        stopWriteBehind();
        wholeFileSystem.close();
        try {
            channels.closeAll();
        } finally {
            directChannels.closeAll();
        }
    }

    private void stopWriteBehind() {
        writeBehind.shutdown();
        boolean interrupted = false;
        while (!writeBehind.isTerminated()) {
            try {
                writeBehind.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once every write-behind flush handed over so far has ended; for tests of the write-behind. */
    void awaitWriteBehind() throws InterruptedException, ExecutionException {
        writeBehind.submit(() -> { }).get();
    }

    /** The lock every flush holds while it works; for tests that a writer does not wait for it. */
    ReentrantLock flushLock() {
        return flushLock;
    }

    /** Whether some written file waits for a flush; for tests of the write-behind. */
    boolean hasUnflushedWrites() {
        for (int file = 0; file < files.size(); file++) {
            if (dirty.get(file) != 0) {
                return true;
            }
        }
        return false;
    }

    /** How this storage flushes many files at once; for tests. */
    WholeFileSystemFlush wholeFileSystemFlush() {
        return wholeFileSystem;
    }

    /** Whether large writes still bypass the page cache; for tests of direct writes. */
    boolean writesDirectly() {
        return direct.enabled();
    }

    /** How many files are open right now; for tests of the open-file bound. */
    int openChannelCount() {
        return channels.openCount();
    }

    /** Reads {@code into.remaining()} bytes of the torrent's stream from {@code start}; the position advances. */
    private void read(long start, ByteBuffer into) throws StorageException {
        int length = into.remaining();
        for (FileSpans.Span span : spans.cover(start, length)) {
            read(span, into);
        }
        into.position(into.position() + length);
    }

    /** Writes a span's aligned middle directly where possible, the rest through the page cache. */
    private void write(FileSpans.Span span, PieceData data) throws StorageException {
        Optional<FileSpans.Span> middle = direct.middleOf(span);
        if (middle.isEmpty()) {
            writeBuffered(span, data);
            return;
        }
        FileSpans.Span aligned = middle.get();
        FileSpans.Span head = span.slice(span.position(), aligned.position());
        // Before the direct write, whose pool never creates files: the head (or an empty write) does it.
        writeBuffered(head, data);
        if (!writeDirect(aligned, data)) {
            writeBuffered(aligned, data);
        }
        FileSpans.Span tail = span.slice(aligned.position() + aligned.length(), span.position() + span.length());
        if (tail.length() > 0) {
            writeBuffered(tail, data);
        }
    }

    /** Whether the span went out directly; false when the file system refused, which turns direct writes off. */
    private boolean writeDirect(FileSpans.Span aligned, PieceData data) throws StorageException {
        try {
            withChannel(directChannels, aligned.file(), false, "cannot write ",
                    channel -> direct.write(channel, aligned, data));
            return true;
        } catch (StorageException e) {
            if (channels.isClosed() || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            // Whatever the reason, the buffered write that follows either succeeds or reports it.
            direct.disable();
            return false;
        }
    }

    /** Writes a span through the page cache, creating its file first if it was missing; an empty span only creates. */
    private void writeBuffered(FileSpans.Span span, PieceData data) throws StorageException {
        boolean create = present.get(span.file()) == 0;
        if (span.length() == 0 && !create) {
            return;
        }
        // A retry starts the span over, which is harmless for positional writes.
        withChannel(channels, span.file(), create, span.length() == 0 ? "cannot create " : "cannot write ", channel ->
                direct.staging().write(channel, span.position(), data, span.bufferOffset(), span.length()));
        if (create) {
            present.set(span.file(), 1);
        }
    }

    /** Reads a span into {@code into} at the span's offset from its position, which stays where it is. */
    private void read(FileSpans.Span span, ByteBuffer into) throws StorageException {
        StoredFile file = files.get(span.file());
        withChannel(channels, span.file(), false, "cannot read ", channel -> {
            // A fresh view per attempt: a retry starts the span over, which is harmless for positional I/O.
            ByteBuffer bytes = into.slice(into.position() + span.bufferOffset(), span.length());
            if (!readFully(channel, bytes, span.position())) {
                throw shorterThanExpected(file, span.position() + bytes.position());
            }
        });
    }

    /** Fills {@code bytes} from {@code position} on; false when the file ends first. */
    private static boolean readFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            int moved = channel.read(bytes, at);
            if (moved < 0) {
                return false;
            }
            at += moved;
        }
        return true;
    }

    private static StorageException shorterThanExpected(StoredFile file, long atMost) {
        return new StorageException("cannot read " + file.path() + ": the file is shorter than expected (it has at"
                + " most " + atMost + " of its " + file.entry().length()
                + " bytes); was it changed by another program?");
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run(FileChannel channel) throws IOException;
    }

    /** An action on a file's channel that answers a count. */
    @FunctionalInterface
    private interface ChannelCount {
        long run(FileChannel channel) throws IOException;
    }

    private void withChannel(ChannelPool pool, int file, boolean create, String failing, ChannelAction action)
            throws StorageException {
        withChannelReturning(pool, file, create, failing, channel -> {
            action.run(channel);
            return 0;
        });
    }

    private long withChannelReturning(ChannelPool pool, int file, boolean create, String failing, ChannelCount action)
            throws StorageException {
        StoredFile stored = files.get(file);
        for (int attempt = 1; ; attempt++) {
            ChannelPool.Lease lease = pool.acquire(file, create);
            try {
                return action.run(lease.channel());
            } catch (ClosedByInterruptException e) {
                throw new StorageException(failing + stored.path() + ": interrupted", e);
            } catch (ClosedChannelException e) {
                if (pool.isClosed()) {
                    StorageException closed = pool.closedFailure();
                    closed.initCause(e);
                    throw closed;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StorageException(failing + stored.path() + ": the file was closed under us "
                            + attempt + " times", e);
                }
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                throw new StorageException(failing + stored.path() + ": " + IoReasons.of(e), e);
            } finally {
                pool.release(lease);
            }
        }
    }
}
