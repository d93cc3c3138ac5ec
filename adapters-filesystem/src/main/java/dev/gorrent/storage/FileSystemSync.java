package dev.gorrent.storage;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Makes everything written to the file systems holding a set of folders durable with one {@code syncfs(2)} call per
 * file system, on Linux 5.8 or later; elsewhere {@link #open} finds nothing and callers force file by file.
 *
 * <p>Why: forcing a torrent's files one by one costs a device flush each. Here, 20,000 small files took 1.7 to
 * 2.1 s to force from 16 threads at once, and 0.24 s with one {@code syncfs}; 2,000 files 0.26 against 0.09 s.
 *
 * <p>Errors: {@code syncfs} reports a write-back error that happened anywhere on the file system after the
 * descriptor it is given was opened (Linux 5.8 on; before, it reported none, so older kernels get no instance).
 * The descriptors are therefore opened here, before the writes they are to answer for, and kept until
 * {@link #close}. An error may belong to another program's file on the same file system: the caller then forces
 * its files one by one, which tells whose it is.
 *
 * <p>The C library is reached through JNA (direct mapping), loaded on first use: about 0.1 s in a fresh JVM,
 * which is why only storages of many files open one, and on a thread of their own.
 *
 * <p>Threads: {@link #syncAll} may run on any thread, one call at a time with {@link #close} (the caller's flush
 * lock); instances are immutable but for the descriptors {@link #close} releases.
 */
final class FileSystemSync implements AutoCloseable {
    /** {@code O_RDONLY | O_CLOEXEC}; the same numbers on every Linux architecture, unlike {@code O_DIRECTORY}. */
    private static final int OPEN_FLAGS = 02000000;
    private static final int FIRST_KERNEL_REPORTING_ERRORS = 5 * 1000 + 8;
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private final List<Descriptor> descriptors;
    private boolean closed;

    private FileSystemSync(List<Descriptor> descriptors) {
        this.descriptors = descriptors;
    }

    /** One open folder per file system, the folder named in messages. */
    private record Descriptor(int fd, Path folder) {
    }

    /**
     * Opens one folder of each file system among {@code folders} (each must exist), or returns empty where there is
     * no folder, {@code syncfs} is missing or cannot report errors, JNA cannot load, or a folder cannot be examined
     * or opened.
     */
    static Optional<FileSystemSync> open(Collection<Path> folders) {
        if (folders.isEmpty()
                || !isSupported(System.getProperty("os.name", ""), System.getProperty("os.version", ""))) {
            return Optional.empty();
        }
        Map<Object, Path> folderPerFileSystem = new LinkedHashMap<>();
        try {
            for (Path folder : folders) {
                folderPerFileSystem.putIfAbsent(Files.getAttribute(folder, "unix:dev", LinkOption.NOFOLLOW_LINKS),
                        folder);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
        List<Descriptor> opened = new ArrayList<>();
        try {
            for (Path folder : folderPerFileSystem.values()) {
                opened.add(new Descriptor(Libc.open(nulTerminated(folder), OPEN_FLAGS), folder));
            }
            return Optional.of(new FileSystemSync(List.copyOf(opened)));
        } catch (LastErrorException | LinkageError e) {
            // LinkageError: JNA found no native library for this platform, or could not unpack or load its own.
            for (Descriptor descriptor : opened) {
                closeQuietly(descriptor);
            }
            return Optional.empty();
        }
    }

    /** Linux from 5.8 on, whose {@code syncfs} reports write-back errors; {@code osVersion} as in os.version. */
    static boolean isSupported(String osName, String osVersion) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return false;
        }
        String[] numbers = osVersion.split("[^0-9]+", 3);
        try {
            return numbers.length >= 2
                    && Integer.parseInt(numbers[0]) * 1000 + Integer.parseInt(numbers[1])
                            >= FIRST_KERNEL_REPORTING_ERRORS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Writes back everything dirty on each file system and flushes its device; returns once it is durable.
     *
     * @throws IOException naming the file system's folder, when {@code syncfs} reports an error, or when closed
     */
    void syncAll() throws IOException {
        if (closed) {
            throw new IOException("the file systems under " + descriptors.get(0).folder() + " are no longer open");
        }
        for (Descriptor descriptor : descriptors) {
            try {
                Libc.syncfs(descriptor.fd());
            } catch (LastErrorException e) {
                throw new IOException("cannot flush the file system of " + descriptor.folder() + ": "
                        + Libc.reason(e.getErrorCode()), e);
            }
        }
    }

    /**
     * The bytes waiting in the page cache to be written back, system-wide ({@code Dirty} in /proc/meminfo); empty
     * where that cannot be read.
     */
    static OptionalLong systemDirtyBytes() {
        try (BufferedReader meminfo = Files.newBufferedReader(MEMINFO, StandardCharsets.US_ASCII)) {
            for (String line = meminfo.readLine(); line != null; line = meminfo.readLine()) {
                if (line.startsWith("Dirty:")) {
                    return parseKibLine(line);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Bytes in a line such as {@code "Dirty:   1234 kB"}. */
    static OptionalLong parseKibLine(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length != 3 || !words[2].equals("kB")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(words[1]) * 1024);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The number of file systems covered: one {@code syncfs} each. */
    int fileSystems() {
        return descriptors.size();
    }

    /** Closes the descriptors; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (Descriptor descriptor : descriptors) {
                closeQuietly(descriptor);
            }
        }
    }

    private static void closeQuietly(Descriptor descriptor) {
        try {
            Libc.close(descriptor.fd());
        } catch (LastErrorException ignored) {
            // A folder opened read-only has nothing to lose on close.
        }
    }

    /** The path's bytes as the JDK passes them to the kernel, and the NUL C expects. */
    private static byte[] nulTerminated(Path folder) {
        byte[] bytes = folder.toString().getBytes(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")));
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** The four C library calls used here, bound by JNA's direct mapping when this class is first used. */
    private static final class Libc {
        static {
            Native.register(Libc.class, "c");
        }

        private Libc() {
        }

        static native int open(byte[] path, int flags) throws LastErrorException;

        static native int syncfs(int fd) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native String strerror(int errno);

        static String reason(int errno) {
            return strerror(errno) + " (errno " + errno + ")";
        }
    }
}
