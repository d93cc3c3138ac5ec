package dev.gorrent.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Creates the files a storage found missing, in torrent order, on a thread of its own, so that the disk thread
 * finds most of them there when their first piece arrives.
 *
 * <p>Why: creating a file is the dearest step of a many-file download (ext4 spends ~0.3 ms per new inode right
 * after a folder of deleted files), and on the disk thread it held up every piece behind it. A file the disk thread
 * needs first it still creates itself; this thread skips files already present and never fails a download: whatever
 * it cannot create, the write that needs the file creates or reports.
 *
 * <p>Each file is created exclusively (a file already there belongs to a writer, which grows it itself) without
 * following links, then grown to its length with {@code ftruncate}, which never overwrites bytes a concurrent write
 * put there (writing a last byte, as the disk thread's own creation does under the channel pool's lock, could). Full
 * length matters: a shorter file found at the next start would void the resume record.
 *
 * <p>Threads: one {@code gorrent-create} thread; {@code present} is shared with the writers, who set a file's
 * entry once they created it. {@link #stop} stops the thread and waits for it, so no file appears after it.
 */
final class AheadCreation {
    private final List<StoredFile> files;
    private final AtomicIntegerArray present;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Orders a start against a stop, so that a stopped creation never starts. */
    private final Object lifecycle = new Object();
    private volatile boolean stopped;

    AheadCreation(List<StoredFile> files, AtomicIntegerArray present) {
        this.files = List.copyOf(files);
        this.present = present;
        this.thread = new Thread(this::createAll, "gorrent-create");
        thread.setDaemon(true);
    }

    /**
     * Starts creating the files whose {@code present} entry is 0, unless started or stopped before, or none is
     * missing (no thread then); called by the first write, since created files change the stamps a resume record
     * read at open is checked against.
     */
    void startOnce() {
        if (started.get() || !started.compareAndSet(false, true) || !anyMissing()) {
            return;
        }
        synchronized (lifecycle) {
            if (!stopped) {
                thread.start();
            }
        }
    }

    private boolean anyMissing() {
        for (int file = 0; file < present.length(); file++) {
            if (present.get(file) == 0) {
                return true;
            }
        }
        return false;
    }

    private void createAll() {
        for (int file = 0; file < files.size() && !stopped; file++) {
            if (present.get(file) != 0) {
                continue;
            }
            StoredFile stored = files.get(file);
            try {
                // Only a file this thread creates is its to grow: one already there is a writer's, which grows it
                // itself. NOFOLLOW_LINKS as in the channel pool: a link planted at the file's place is not followed.
                FileChannel.open(stored.ioPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS).close();
                try (RandomAccessFile created = new RandomAccessFile(stored.ioPath().toFile(), "rw")) {
                    // Still empty: no writer has extended it in the meantime (one that did leaves it full length).
                    if (created.length() == 0) {
                        created.setLength(stored.entry().length());
                    }
                }
                present.set(file, 1);
            } catch (IOException e) {
                // Already there (a writer's), or left to the write that needs it, which reports what went wrong.
            }
        }
    }

    /** Stops creating and waits for the file being created, if any; idempotent. */
    void stop() {
        synchronized (lifecycle) {
            stopped = true;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
