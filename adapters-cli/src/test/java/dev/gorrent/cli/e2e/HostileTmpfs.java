package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small tmpfs mounted on a folder, to give Gorrent a disk that fills up or cannot be written, even
 * when the tests run as root (whom a read-only folder does not stop). Mounting needs root with
 * {@code CAP_SYS_ADMIN}, as the CI container has; without it {@link #mount} fails the test and says so.
 * One test thread uses an instance.
 */
final class HostileTmpfs implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;

    private HostileTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts an empty tmpfs of {@code sizeBytes} on {@code mountPoint} (created if missing), read-only if asked. */
    static HostileTmpfs mount(Path mountPoint, long sizeBytes, boolean readOnly)
            throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String options = (readOnly ? "ro," : "") + "size=" + sizeBytes;
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
        return new HostileTmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** Grows (or shrinks) the file system in place, keeping its files. */
    void resize(long sizeBytes) throws InterruptedException {
        run("mount", "-o", "remount,size=" + sizeBytes, mountPoint.toString());
    }

    /** Unmounts; lazily, should a process still hold a file there. */
    @Override
    public void close() {
        try {
            run("umount", "--lazy", mountPoint.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while unmounting " + mountPoint, e);
        }
    }

    private static void run(String... command) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        try (ChildProcess process = ChildProcess.start(command[0], args, Path.of("/"), ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(COMMAND_TIMEOUT);
            if (exit.isEmpty() || exit.get() != 0) {
                throw new HarnessException(String.join(" ", command) + " failed: the disk tests mount a tmpfs, which"
                        + " needs root with CAP_SYS_ADMIN (as in CI)\n" + process.describe());
            }
        }
    }
}
