package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * aria2 as a leecher: {@code aria2c} downloads a torrent, finding peers through its tracker only
 * (no DHT, local discovery or peer exchange), and exits once complete.
 */
final class Aria2Leech {
    /** Beyond aria2's own stall limit: start-up, checking, and the goodbye announce. */
    private static final Duration OVERHEAD = Duration.ofSeconds(30);

    private Aria2Leech() {
    }

    /**
     * Downloads {@code torrent} into {@code outDir} (the torrent's file or top folder lands inside it)
     * and waits until aria2c ends: it gives up by itself when nothing arrives for {@code stallTimeout}.
     */
    static LeechResult download(Path torrent, Path outDir, Duration stallTimeout) throws InterruptedException {
        List<String> command = List.of("aria2c",
                "--dir", outDir.toAbsolutePath().toString(),
                "--listen-port=" + E2eEnvironment.freeLoopbackPort(),
                "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                "--seed-time=0", "--bt-stop-timeout=" + stallTimeout.toSeconds(),
                // Ends aria2 should this JVM die before it.
                "--stop-with-process=" + ProcessHandle.current().pid(),
                "--summary-interval=0", "--console-log-level=warn",
                torrent.toAbsolutePath().toString());
        Path workDir = torrent.toAbsolutePath().getParent();
        Duration bound = stallTimeout.plus(OVERHEAD);
        try (ChildProcess process = ChildProcess.start("aria2c", command, workDir, ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(bound);
            if (exit.isEmpty()) {
                throw new AssertionError("aria2c did not end within " + bound.toSeconds() + " s\n"
                        + process.describe());
            }
            return new LeechResult(exit.get(), process.describe());
        }
    }
}
