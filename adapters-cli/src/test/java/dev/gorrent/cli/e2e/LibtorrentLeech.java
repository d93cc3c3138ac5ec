package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A libtorrent leecher on 127.0.0.1 (e2e/leech.py) that finds its peers through the torrent's
 * tracker only. Its stdin is a pipe from this JVM, so it also stops if the tests die.
 */
final class LibtorrentLeech {
    /** leech.py's exit code when libtorrent cannot listen on the port. */
    private static final int CANNOT_LISTEN = 6;
    /** Time for Python and libtorrent to start and stop, beyond leech.py's own download timeout. */
    private static final Duration OVERHEAD = Duration.ofSeconds(30);

    private LibtorrentLeech() {
    }

    /**
     * Downloads {@code torrent} into {@code saveDir} and waits until leech.py ends; it gives up by
     * itself after {@code timeout}. Retries on another port if its port was taken meanwhile.
     */
    static LeechResult download(Path torrent, Path saveDir, Duration timeout) throws InterruptedException {
        LeechResult result = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            result = downloadOnce(torrent, saveDir, timeout);
            if (result.exitCode() != CANNOT_LISTEN) {
                return result;
            }
        }
        return result;
    }

    private static LeechResult downloadOnce(Path torrent, Path saveDir, Duration timeout) throws InterruptedException {
        List<String> command = List.of(E2eEnvironment.SYSTEM_PYTHON.toString(),
                E2eEnvironment.e2eScript("leech.py").toString(),
                torrent.toAbsolutePath().toString(), saveDir.toAbsolutePath().toString(),
                Integer.toString(E2eEnvironment.freeLoopbackPort()),
                "--timeout", Long.toString(timeout.toSeconds()), "--exit-on-stdin-close");
        Path workDir = torrent.toAbsolutePath().getParent();
        try (ChildProcess process = ChildProcess.start("libtorrent-leech", command, workDir,
                ChildProcess.Stdin.OPEN_PIPE)) {
            Optional<Integer> exit = process.awaitExit(timeout.plus(OVERHEAD));
            if (exit.isEmpty()) {
                throw new AssertionError("leech.py did not end within " + timeout.plus(OVERHEAD).toSeconds()
                        + " s, though told to give up after " + timeout.toSeconds() + " s\n" + process.describe());
            }
            boolean saidComplete = process.stdoutText().lines().anyMatch("COMPLETE"::equals);
            int code = exit.get() == 0 && !saidComplete ? -1 : exit.get();
            return new LeechResult(code, process.describe());
        }
    }
}
