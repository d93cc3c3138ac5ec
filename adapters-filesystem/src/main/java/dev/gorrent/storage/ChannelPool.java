package dev.gorrent.storage;

import com.sun.nio.file.ExtendedOpenOption;
import dev.gorrent.application.port.out.StorageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most {@code maxOpen} file channels open, closing the least recently used idle one first, so torrents
 * with thousands of files do not exhaust file descriptors.
 *
 * <p>Threads: any thread may lease and release channels at the same time; the map, use counts and the closed flag
 * are guarded by {@code lock}. A leased channel is never closed by eviction, so the bound is exceeded for as long
 * as more files are in use at once than it allows. Files are opened and closed while holding the lock, which
 * serialises opens; positional reads and writes on leased channels happen outside it.
 */
final class ChannelPool {
    /** A channel lent to one caller until it hands it back through {@link #release}. */
    static final class Lease {
        private final int file;
        private final FileChannel channel;
        private int users;

        private Lease(int file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        FileChannel channel() {
            return channel;
        }
    }

    /** How channels are opened: for reading and writing, or for {@link DirectWrites} only. */
    enum Mode { BUFFERED, DIRECT_WRITES }

    private final List<StoredFile> files;
    private final int maxOpen;
    private final Path root;
    private final Mode mode;
    private final Object lock = new Object();
    private final LinkedHashMap<Integer, Lease> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    private StorageException evictionFailure;

    ChannelPool(List<StoredFile> files, int maxOpen, Path root, Mode mode) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("at least one file must be allowed open, got " + maxOpen);
        }
        this.files = List.copyOf(files);
        this.maxOpen = maxOpen;
        this.root = root;
        this.mode = mode;
    }

    /**
     * Lends file {@code file}'s channel, opening it if needed; the caller must release it. With {@code create}, a
     * missing file is created, full length and sparse, as it is opened; a {@link Mode#DIRECT_WRITES} pool never
     * creates files.
     */
    Lease acquire(int file, boolean create) throws StorageException {
        synchronized (lock) {
            if (closed) {
                throw closedFailure();
            }
            Lease lease = open.get(file);
            if (lease != null && !lease.channel.isOpen()) {
                // An interrupted user closed it for everyone; its other users let go of it on release.
                open.remove(file);
                lease = null;
            }
            if (lease == null) {
                lease = new Lease(file, openChannel(file, create));
                open.put(file, lease);
            }
            lease.users++;
            evictIdle();
            return lease;
        }
    }

    void release(Lease lease) {
        synchronized (lock) {
            lease.users--;
            if (open.get(lease.file) != lease) {
                if (lease.users == 0) {
                    closeEvicted(lease);
                }
            } else {
                evictIdle();
            }
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    int openCount() {
        synchronized (lock) {
            return open.size();
        }
    }

    /** The first failure to close an evicted channel since the last call, if any; reported once. */
    StorageException takeEvictionFailure() {
        synchronized (lock) {
            StorageException failure = evictionFailure;
            evictionFailure = null;
            return failure;
        }
    }

    /** Closes every channel, even leased ones (their users then fail with a closed-storage error). */
    void closeAll() throws StorageException {
        StorageException failure;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            failure = evictionFailure;
            evictionFailure = null;
            for (Lease lease : open.values()) {
                try {
                    lease.channel.close();
                } catch (IOException e) {
                    StorageException closing = closeFailure(lease.file, e);
                    if (failure == null) {
                        failure = closing;
                    } else {
                        failure.addSuppressed(closing);
                    }
                }
            }
            open.clear();
        }
        if (failure != null) {
            throw failure;
        }
    }

    StorageException closedFailure() {
        return new StorageException("storage under " + root + " is closed");
    }

    private FileChannel openChannel(int file, boolean create) throws StorageException {
        StoredFile stored = files.get(file);
        if (mode == Mode.DIRECT_WRITES) {
            try {
                return FileChannel.open(stored.ioPath(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS,
                        ExtendedOpenOption.DIRECT);
            } catch (IOException e) {
                throw new StorageException("cannot open " + stored.path() + " for direct writes: "
                        + IoReasons.of(e), e);
            }
        }
        FileChannel channel;
        try {
            channel = create
                    ? FileChannel.open(stored.ioPath(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(stored.ioPath(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StorageException("cannot " + (create ? "create " : "open ") + stored.path() + ": "
                    + IoReasons.of(e), e);
        }
        if (create) {
            try {
                if (channel.size() < stored.entry().length()) {
                    DiskLayout.extendTo(channel, stored.entry().length());
                }
            } catch (IOException e) {
                closeQuietly(channel);
                throw new StorageException("cannot create " + stored.path() + ": " + IoReasons.of(e), e);
            }
        }
        return channel;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing with the reason that matters.
        }
    }

    private void evictIdle() {
        Iterator<Map.Entry<Integer, Lease>> eldestFirst = open.entrySet().iterator();
        while (open.size() > maxOpen && eldestFirst.hasNext()) {
            Lease lease = eldestFirst.next().getValue();
            if (lease.users == 0) {
                eldestFirst.remove();
                closeEvicted(lease);
            }
        }
    }

    private void closeEvicted(Lease lease) {
        try {
            lease.channel.close();
        } catch (IOException e) {
            if (evictionFailure == null) {
                evictionFailure = closeFailure(lease.file, e);
            }
        }
    }

    private StorageException closeFailure(int file, IOException e) {
        return new StorageException("cannot close " + files.get(file).path() + ": " + IoReasons.of(e), e);
    }
}
