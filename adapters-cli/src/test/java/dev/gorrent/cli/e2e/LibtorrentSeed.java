package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A libtorrent seed on 127.0.0.1 (e2e/seed.py): it verified the data and announced to the
 * torrent's tracker before {@link #start} returns.
 *
 * <p>Its stdin is a pipe from this JVM, so the seed also stops if the tests die without
 * closing it. One test thread drives an instance; a seed that counts its upload updates the count
 * from its stdout drain thread (an atomic the test thread reads).
 */
final class LibtorrentSeed implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** seed.py's exit code when libtorrent cannot listen on the port. */
    private static final int CANNOT_LISTEN = 6;
    /** Exit codes above this are 128 + the number of the signal that ended the process. */
    private static final int SIGNALLED = 128;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final String UPLOADED = "UPLOADED ";
    private static final long NOT_REPORTED = -1;

    private final ChildProcess process;
    private final int port;
    private final boolean countsUpload;
    private final AtomicLong uploaded;

    private LibtorrentSeed(ChildProcess process, int port, boolean countsUpload, AtomicLong uploaded) {
        this.process = process;
        this.port = port;
        this.countsUpload = countsUpload;
        this.uploaded = uploaded;
    }

    /**
     * Seeds {@code torrent} from {@code saveDir} (the folder that holds its file or top folder),
     * without a rate limit.
     */
    static LibtorrentSeed start(Path torrent, Path saveDir) throws InterruptedException {
        return start(torrent, saveDir, 0);
    }

    /** As {@link #start(Path, Path)}, uploading at most {@code bytesPerSecond} (0: unlimited), loopback included. */
    static LibtorrentSeed start(Path torrent, Path saveDir, long bytesPerSecond) throws InterruptedException {
        return start(torrent, saveDir, bytesPerSecond, false);
    }

    /**
     * As {@link #start(Path, Path, long)}, and counting the payload bytes it sends (libtorrent's own
     * count): see {@link #uploadedSoFar()} and {@link #stopAndCountUploaded()}.
     */
    static LibtorrentSeed startCountingUpload(Path torrent, Path saveDir, long bytesPerSecond)
            throws InterruptedException {
        return start(torrent, saveDir, bytesPerSecond, true);
    }

    private static LibtorrentSeed start(Path torrent, Path saveDir, long bytesPerSecond, boolean countUpload)
            throws InterruptedException {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate limit must not be negative: " + bytesPerSecond);
        }
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = E2eEnvironment.freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(E2eEnvironment.SYSTEM_PYTHON.toString(),
                    E2eEnvironment.e2eScript("seed.py").toString(),
                    torrent.toAbsolutePath().toString(), saveDir.toAbsolutePath().toString(),
                    Integer.toString(port), "--exit-on-stdin-close"));
            if (bytesPerSecond > 0) {
                command.addAll(List.of("--rate-limit", Long.toString(bytesPerSecond)));
            }
            if (countUpload) {
                command.add("--report-upload");
            }
            AtomicLong uploaded = new AtomicLong(NOT_REPORTED);
            ChildProcess process = ChildProcess.start("libtorrent-seed", command, saveDir, ChildProcess.Stdin.OPEN_PIPE,
                    line -> {
                        if (line.startsWith(UPLOADED)) {
                            uploaded.set(Long.parseLong(line.substring(UPLOADED.length()).strip()));
                        }
                    });
            try {
                if (process.awaitStdoutLine("SEEDING", READY_TIMEOUT)) {
                    return new LibtorrentSeed(process, port, countUpload, uploaded);
                }
            } catch (HarnessException | InterruptedException e) {
                process.close();
                throw e;
            }
            Optional<Integer> exit = process.awaitExit(Duration.ofSeconds(5));
            process.close();
            if (exit.isEmpty() || exit.get() != CANNOT_LISTEN && exit.get() <= SIGNALLED) {
                throw new HarnessException("the libtorrent seed did not start\n" + process.describe());
            }
            // Likely the port was taken between our check and libtorrent's bind, or the Python binding crashed
            // while starting (it once died of SIGSEGV, exit 139, before printing a line): try again. Gorrent has
            // not run yet, so nothing of its is retried.
            failures.append("attempt ").append(attempt).append(":\n").append(process.describe());
        }
        throw new HarnessException("the libtorrent seed did not start in 3 attempts\n" + failures);
    }

    /** The loopback port the seed listens on, for {@code --peer 127.0.0.1:PORT}. */
    int port() {
        return port;
    }

    /**
     * Payload bytes sent so far, as the seed last reported (about twice a second); 0 before its
     * first report. Only for a seed started with {@link #startCountingUpload}.
     */
    long uploadedSoFar() {
        requireCounting();
        return Math.max(0, uploaded.get());
    }

    /**
     * Stops the seed (SIGTERM) and returns every payload byte it sent since it started, from the
     * final count it prints as it stops. Only for a seed started with {@link #startCountingUpload}.
     */
    long stopAndCountUploaded() throws InterruptedException {
        requireCounting();
        process.signal("TERM");
        Optional<Integer> exit = process.awaitExit(STOP_TIMEOUT);
        if (exit.isEmpty() || exit.get() != 0) {
            throw new HarnessException("the libtorrent seed did not stop cleanly within " + STOP_TIMEOUT.toSeconds()
                    + " s, so its upload count is not final\n" + process.describe());
        }
        long total = uploaded.get();
        if (total == NOT_REPORTED) {
            throw new HarnessException("the libtorrent seed printed no upload count\n" + process.describe());
        }
        return total;
    }

    private void requireCounting() {
        if (!countsUpload) {
            throw new IllegalStateException("this seed was not started with startCountingUpload");
        }
    }

    /** Output and state, for failure messages. */
    String describe() {
        return process.describe();
    }

    /** Stops the seed (SIGTERM, then SIGKILL if it lingers). */
    @Override
    public void close() {
        process.close();
    }
}
