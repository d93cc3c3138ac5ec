package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A libtorrent seed on 127.0.0.1 (e2e/seed.py): it verified the data and announced to the
 * torrent's tracker before {@link #start} returns.
 *
 * <p>Its stdin is a pipe from this JVM, so the seed also stops if the tests die without
 * closing it. One test thread drives an instance.
 */
final class LibtorrentSeed implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** seed.py's exit code when libtorrent cannot listen on the port. */
    private static final int CANNOT_LISTEN = 6;

    private final ChildProcess process;
    private final int port;

    private LibtorrentSeed(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Seeds {@code torrent} from {@code saveDir} (the folder that holds its file or top folder), without a rate limit. */
    static LibtorrentSeed start(Path torrent, Path saveDir) throws InterruptedException {
        return start(torrent, saveDir, 0);
    }

    /** As {@link #start(Path, Path)}, uploading at most {@code bytesPerSecond} (0: unlimited), loopback included. */
    static LibtorrentSeed start(Path torrent, Path saveDir, long bytesPerSecond) throws InterruptedException {
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
            ChildProcess process = ChildProcess.start("libtorrent-seed", command, saveDir, ChildProcess.Stdin.OPEN_PIPE);
            try {
                if (process.awaitStdoutLine("SEEDING", READY_TIMEOUT)) {
                    return new LibtorrentSeed(process, port);
                }
            } catch (HarnessException | InterruptedException e) {
                process.close();
                throw e;
            }
            Optional<Integer> exit = process.awaitExit(Duration.ofSeconds(5));
            process.close();
            if (exit.isEmpty() || exit.get() != CANNOT_LISTEN) {
                throw new HarnessException("the libtorrent seed did not start\n" + process.describe());
            }
            // Likely the port was taken between our check and libtorrent's bind; try another.
            failures.append("attempt ").append(attempt).append(":\n").append(process.describe());
        }
        throw new HarnessException("the libtorrent seed did not start in 3 attempts\n" + failures);
    }

    /** The loopback port the seed listens on, for {@code --peer 127.0.0.1:PORT}. */
    int port() {
        return port;
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
