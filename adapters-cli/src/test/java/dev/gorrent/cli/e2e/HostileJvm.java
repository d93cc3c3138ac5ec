package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the packaged Gorrent jar like {@link GorrentCli}, with options for the JVM (such as a heap
 * cap) and, when asked, as an unprivileged user: the hostile-input tests need both. Immutable; one
 * test thread uses the processes it starts.
 */
final class HostileJvm {
    /** The bound: hostile peers must not make Gorrent need more heap than this. */
    static final String SMALL_HEAP = "-Xmx256m";

    private final Path workDir;
    private final List<String> jvmOptions;
    private final List<String> runAs;

    private HostileJvm(Path workDir, List<String> jvmOptions, List<String> runAs) {
        this.workDir = workDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.runAs = List.copyOf(runAs);
    }

    /** Gorrent in {@code workDir} on a JVM started with {@code jvmOptions}. */
    static HostileJvm of(Path workDir, String... jvmOptions) {
        return new HostileJvm(workDir, List.of(jvmOptions), List.of());
    }

    /** The same, run by user and group {@code id} without supplementary groups (needs root to switch). */
    HostileJvm asUser(int id) {
        return new HostileJvm(workDir, jvmOptions, List.of("setpriv", "--reuid=" + id, "--regid=" + id,
                "--clear-groups"));
    }

    /** Runs and waits; a run longer than {@code timeout} is killed (after a thread dump) and fails the test. */
    GorrentCli.Result run(Duration timeout, String... args) throws InterruptedException {
        long start = System.nanoTime();
        try (ChildProcess process = ChildProcess.start("gorrent", command(args), workDir, ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(timeout);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (exit.isEmpty()) {
                process.signal("QUIT");
                Thread.sleep(1_000);
                throw new AssertionError("gorrent " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed\n" + process.describe());
            }
            return new GorrentCli.Result(exit.get(), process.stdoutText(), process.stderrText(), elapsed);
        }
    }

    /**
     * Starts and returns at once; the caller closes the process. SIGINT is reset to its default first
     * (see {@link GorrentCli#start}), so {@code signal("INT")} reaches the JVM as Ctrl-C would.
     */
    ChildProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(command(args));
        return ChildProcess.start("gorrent", command, workDir, ChildProcess.Stdin.EMPTY);
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(runAs);
        command.add(E2eEnvironment.javaLauncher().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", E2eEnvironment.gorrentJar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }
}
