package dev.gorrent.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * A storage's way to flush many written files at once: one {@link FileSystemSync} for the file systems its files
 * lie on, opened on a thread of its own when the storage opens, and used by a flush only where it is sure to be
 * right and likely to be cheaper than forcing file by file.
 *
 * <p>Used only when all of these hold (else {@link #sync} leaves every file to the caller, which forces each):
 * <ul>
 *   <li>the torrent has at least {@link #MIN_FILES} files: opening costs about 0.1 s of CPU (JNA), which a few
 *       hundred flushes of single files would not repay;</li>
 *   <li>the flush has at least {@link #MIN_WRITTEN_FILES} files to make durable;</li>
 *   <li>the system holds little dirty data besides this storage's own (at most {@link #FOREIGN_DIRTY_BYTES} more
 *       than it wrote since the last flush): {@code syncfs} writes back everything on the file system and would
 *       otherwise wait for another program's gigabytes.</li>
 * </ul>
 *
 * <p>{@code syncfs} answers only for write-back after its descriptor was opened. A file written before that (the
 * descriptors open on a thread while the download starts) is therefore still forced on its own by the first flush
 * that finds it written, and by syncfs from then on: writers mark such files ({@link #beforeWrite}) until the
 * descriptors are open.
 *
 * <p>Threads: the {@code gorrent-syncfs} thread opens and publishes; {@link #beforeWrite} is called by writers,
 * {@link #sync} by one flush at a time, {@link #close} once by the storage; all may be concurrent.
 */
final class WholeFileSystemFlush {
    /** Torrents with fewer files never open one. */
    static final int MIN_FILES = 1000;
    /** Flushes of fewer files force them one by one. */
    static final int MIN_WRITTEN_FILES = 64;
    /** Dirty bytes in the system allowed beyond what the storage wrote since its last flush. */
    static final long FOREIGN_DIRTY_BYTES = 64L << 20;

    /** Per file: 1 once written while the descriptors were not yet open, until a flush forced it on its own. */
    private final AtomicIntegerArray writtenBeforeOpen;
    /** Writers mark their files while it is set: until the descriptors are open and published, or failed to open. */
    private volatile boolean marking = true;
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Supplier<OptionalLong> systemDirtyBytes;
    private final Object lifecycle = new Object();
    /** Guarded by {@code lifecycle}; present once opened, empty before, after failing, and after close. */
    private Optional<FileSystemSync> fileSystems = Optional.empty();
    private boolean closed;
    private int syncs;

    private WholeFileSystemFlush(int fileCount, Supplier<OptionalLong> systemDirtyBytes) {
        this.writtenBeforeOpen = new AtomicIntegerArray(fileCount);
        this.systemDirtyBytes = systemDirtyBytes;
    }

    /** For a storage of these files: starts opening on a thread when there are enough of them; never fails. */
    static WholeFileSystemFlush forFiles(List<StoredFile> files) {
        if (files.size() < MIN_FILES) {
            WholeFileSystemFlush none = new WholeFileSystemFlush(0, OptionalLong::empty);
            none.marking = false; // nothing will ever be published: no writer need mark anything
            none.settled.countDown();
            return none;
        }
        List<StoredFile> stored = List.copyOf(files);
        return start(stored.size(), () -> FileSystemSync.open(foldersOf(stored)), FileSystemSync::systemDirtyBytes);
    }

    /** The folders the files lie in, each once; worked out on the opening thread, off the storage's start. */
    private static Set<Path> foldersOf(List<StoredFile> files) {
        Set<Path> folders = new LinkedHashSet<>();
        for (StoredFile file : files) {
            folders.add(file.ioPath().getParent());
        }
        return folders;
    }

    /**
     * For a storage of {@code fileCount} files: opens with {@code opener} on a {@code gorrent-syncfs} thread; the
     * dirty-byte count is asked at each flush.
     */
    static WholeFileSystemFlush start(int fileCount, Supplier<Optional<FileSystemSync>> opener,
                                      Supplier<OptionalLong> systemDirtyBytes) {
        WholeFileSystemFlush flush = new WholeFileSystemFlush(fileCount, systemDirtyBytes);
        Thread thread = new Thread(() -> flush.publish(openQuietly(opener)), "gorrent-syncfs");
        thread.setDaemon(true);
        thread.start();
        return flush;
    }

    /** Whatever goes wrong in a native library's loading, flushes can still force file by file. */
    private static Optional<FileSystemSync> openQuietly(Supplier<Optional<FileSystemSync>> opener) {
        try {
            return opener.get();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private void publish(Optional<FileSystemSync> opened) {
        try {
            synchronized (lifecycle) {
                if (closed) {
                    opened.ifPresent(FileSystemSync::close);
                } else {
                    fileSystems = opened;
                    // Only now: a writer that still saw it set marked its file, whether it wrote before or after.
                    marking = false;
                }
            }
        } finally {
            settled.countDown();
        }
    }

    /** Called before every write to {@code file}: marks it while the descriptors are not open. */
    void beforeWrite(int file) {
        if (marking) {
            writtenBeforeOpen.set(file, 1);
        }
    }

    /**
     * Makes what was written to {@code written} durable with {@code syncfs} where the conditions above hold, and
     * tells which of them the caller must still force itself.
     *
     * @param written      the files written since the last flush, by index
     * @param writtenBytes how many bytes were written since the last flush
     * @return all of {@code written} when {@code syncfs} was not used or failed (forcing each file then tells
     *         whether the error was one of this storage's files); after {@code syncfs}, those written before the
     *         descriptors were open, once
     */
    List<Integer> sync(List<Integer> written, long writtenBytes) {
        synchronized (lifecycle) {
            if (fileSystems.isEmpty() || written.size() < MIN_WRITTEN_FILES) {
                return written;
            }
            OptionalLong dirty = systemDirtyBytes.get();
            if (dirty.isEmpty() || dirty.getAsLong() > writtenBytes + FOREIGN_DIRTY_BYTES) {
                return written;
            }
            try {
                fileSystems.get().syncAll();
            } catch (IOException e) {
                return written;
            }
            syncs++;
            List<Integer> stillToForce = new ArrayList<>();
            for (int file : written) {
                if (writtenBeforeOpen.getAndSet(file, 0) != 0) {
                    stillToForce.add(file);
                }
            }
            return stillToForce;
        }
    }

    /** Closes the descriptors, or has them closed as soon as they are open; idempotent. */
    void close() {
        synchronized (lifecycle) {
            closed = true;
            fileSystems.ifPresent(FileSystemSync::close);
            fileSystems = Optional.empty();
        }
    }

    /** Waits until opening ended, in use or not; for tests. */
    void awaitSettled() throws InterruptedException {
        settled.await();
    }

    /** Whether flushes may use it now; for tests. */
    boolean isReady() {
        synchronized (lifecycle) {
            return fileSystems.isPresent();
        }
    }

    /** How many flushes it made; for tests. */
    int syncs() {
        synchronized (lifecycle) {
            return syncs;
        }
    }
}
