package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.FileEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places a torrent's files under a download folder and creates them, refusing anything that would land outside it.
 *
 * <p>Metainfo paths are sanitised already; this is defence in depth. A path is refused when, after normalising, it
 * is not strictly inside the download folder, or when a symbolic link on the way leads outside. Checks and creation
 * are not atomic, so someone who can write into the download folder could still swap a folder for a link between
 * them; the final file is always opened without following links. Used by one thread, during open.
 */
final class DiskLayout {
    private final Path root;
    private final Path realRoot;

    private DiskLayout(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /** Creates the download folder if needed. */
    static DiskLayout under(Path directory) throws StorageException {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (FileAlreadyExistsException e) {
            throw new StorageException("cannot use " + root + " as download folder: it is not a folder", e);
        } catch (IOException e) {
            throw new StorageException("cannot create download folder " + root + ": " + IoReasons.of(e), e);
        }
        try {
            return new DiskLayout(root, root.toRealPath());
        } catch (IOException e) {
            throw new StorageException("cannot use download folder " + root + ": " + IoReasons.of(e), e);
        }
    }

    Path root() {
        return root;
    }

    /** The download folder with symbolic links resolved; files' I/O paths lie under it. */
    Path realRoot() {
        return realRoot;
    }

    /**
     * Checks every file's place first, so a bad path is refused before anything is created, then creates folders
     * and empty files. Existing data is kept; shorter files are extended (sparsely where the file system allows);
     * missing files are left for their first write to create ({@link StoredFile.AtOpen#MISSING}).
     */
    List<StoredFile> prepare(List<FileEntry> entries) throws StorageException {
        List<Path> paths = new ArrayList<>(entries.size());
        Set<Path> seen = new HashSet<>();
        for (FileEntry entry : entries) {
            Path path = place(entry);
            if (!seen.add(path)) {
                throw new StorageException("two files of the torrent would both be stored at " + path);
            }
            paths.add(path);
        }
        List<StoredFile> files = new ArrayList<>(entries.size());
        // Torrents of many files keep them in few folders: each folder is created and checked once.
        Map<Path, Folder> folders = new HashMap<>();
        Set<Path> probed = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            StoredFile file = create(entries.get(i), paths.get(i), folders);
            if (file.atOpen() == StoredFile.AtOpen.MISSING && probed.add(file.ioPath().getParent())) {
                probeWritable(file);
            }
            files.add(file);
        }
        return files;
    }

    private Path place(FileEntry entry) throws StorageException {
        Path path = root;
        for (String element : entry.path()) {
            try {
                path = path.resolve(element);
            } catch (InvalidPathException e) {
                throw new StorageException("refusing to store " + entry.displayPath() + ": " + e.getReason(), e);
            }
        }
        path = path.normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new StorageException("refusing to store " + entry.displayPath() + ": it would land at " + path
                    + ", outside the download folder " + root);
        }
        return path;
    }

    private StoredFile create(FileEntry entry, Path path, Map<Path, Folder> folders) throws StorageException {
        Folder folder = folders.get(path.getParent());
        if (folder == null) {
            folder = createParent(path);
            folders.put(path.getParent(), folder);
        }
        Path ioPath = folder.real().resolve(path.getFileName());
        // One look-up per file, and none in a folder made just now: on JDK 17 each missing file costs a thrown
        // exception, and a fresh download of a torrent has thousands.
        Optional<BasicFileAttributes> found = folder.madeNow() ? Optional.empty() : attributesOf(ioPath);
        if (found.isPresent() && found.get().isSymbolicLink()) {
            ioPath = linkTarget(path, ioPath);
            found = attributesOf(ioPath);
        }
        if (found.isPresent() && found.get().isDirectory()) {
            throw new StorageException("cannot create file " + path + ": a folder is in the way");
        }
        boolean existed = found.isPresent();
        if (existed && !found.get().isRegularFile()) {
            throw new StorageException("cannot use " + path + ": something other than a regular file is in the way");
        }
        if (!existed && entry.length() > 0) {
            // Created by its first write: thousands of files created here would hold up the first request (each
            // creation can cost a third of a millisecond), and a download that stops early leaves fewer behind.
            return new StoredFile(entry, path, ioPath, StoredFile.AtOpen.MISSING);
        }
        try (FileChannel channel = FileChannel.open(ioPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            // A longer file is left alone: it may be the user's data, and the extra bytes are never read.
            if (channel.size() >= entry.length()) {
                return new StoredFile(entry, path, ioPath, StoredFile.AtOpen.COMPLETE);
            }
            extendTo(channel, entry.length());
            return new StoredFile(entry, path, ioPath, StoredFile.AtOpen.EXTENDED);
        } catch (IOException e) {
            throw new StorageException("cannot create file " + path + ": " + IoReasons.of(e), e);
        }
    }

    /**
     * Creates and deletes a scratch file beside a file left for its first write, so that a folder we cannot write
     * in fails now, with the system's reason, rather than once the download has found peers.
     */
    private static void probeWritable(StoredFile file) throws StorageException {
        try {
            Files.delete(Files.createTempFile(file.ioPath().getParent(), ".gorrent-", ".probe"));
        } catch (IOException e) {
            throw new StorageException("cannot create file " + file.path() + ": " + IoReasons.of(e), e);
        }
    }

    /** A file's folder: its real path, and whether this layout made it (so that it holds none of our files yet). */
    private record Folder(Path real, boolean madeNow) {
    }

    private Folder createParent(Path path) throws StorageException {
        Path parent = path.getParent();
        boolean madeNow = !Files.isDirectory(parent);
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new StorageException("cannot create folder " + parent + " for " + path.getFileName()
                    + ": a file is in the way", e);
        } catch (IOException e) {
            throw new StorageException("cannot create folder " + parent + ": " + IoReasons.of(e), e);
        }
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot use folder " + parent + ": " + IoReasons.of(e), e);
        }
        if (!realParent.startsWith(realRoot)) {
            throw new StorageException("refusing to store " + path + ": a symbolic link on the way leads to "
                    + realParent + ", outside the download folder " + root);
        }
        return new Folder(realParent, madeNow);
    }

    /** What is at {@code path} itself (a link is not followed), or empty when nothing is. */
    private static Optional<BasicFileAttributes> attributesOf(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A link in the file's own place is followed only when it ends at an existing file inside the folder. */
    private Path linkTarget(Path path, Path link) throws StorageException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw new StorageException("refusing to store " + path + ": it is a symbolic link that leads nowhere", e);
        }
        if (!target.startsWith(realRoot)) {
            throw new StorageException("refusing to store " + path + ": it is a symbolic link to " + target
                    + ", outside the download folder " + root);
        }
        return target;
    }

    /** Grows a file to {@code length} bytes, sparsely where the file system allows. */
    static void extendTo(FileChannel channel, long length) throws IOException {
        // Writing the last byte grows the file without writing the hole before it, which stays sparse.
        ByteBuffer lastByte = ByteBuffer.allocate(1);
        while (lastByte.hasRemaining()) {
            channel.write(lastByte, length - 1);
        }
    }
}
