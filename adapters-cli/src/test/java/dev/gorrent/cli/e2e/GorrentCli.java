package dev.gorrent.cli.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs the packaged Gorrent jar as a user would: {@code java -jar gorrent.jar ARGS}, stdin empty. */
final class GorrentCli {
    private final Path jar;
    private final Path workDir;

    /**
     * The CLI from failsafe's {@code gorrent.jar} property, run in {@code workDir}.
     */
    GorrentCli(Path workDir) {
        this(E2eEnvironment.gorrentJar(), workDir);
    }

    GorrentCli(Path jar, Path workDir) {
        this.jar = jar;
        this.workDir = workDir;
    }

    /**
     * What one run did.
     *
     * @param exitCode the process's exit code
     * @param stdout everything it printed on stdout (the tail, if it printed a great deal)
     * @param stderr the same for stderr
     * @param elapsed wall-clock time from start to exit
     */
    record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
        /** Exit code, time and output, for assertion messages. */
        String describe() {
            return "--- gorrent exited with " + exitCode + " after " + elapsed.toMillis() + " ms\n"
                    + "--- gorrent stdout:\n" + stdout + "--- gorrent stderr:\n" + stderr;
        }
    }

    /**
     * Runs the CLI and waits for it to exit. If it runs longer than {@code timeout} it is killed
     * and this throws, with its output so far, so a hang fails the test instead of stalling the build.
     */
    Result run(Duration timeout, String... args) throws InterruptedException {
        List<String> command = command(args);
        long start = System.nanoTime();
        try (ChildProcess process = ChildProcess.start("gorrent", command, workDir, ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(timeout);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (exit.isEmpty()) {
                // A JVM prints every thread's stack on SIGQUIT: shows where a hang is stuck.
                process.signal("QUIT");
                Thread.sleep(1_000);
                String output = process.describe();
                throw new AssertionError("gorrent " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed\n" + output);
            }
            return new Result(exit.get(), process.stdoutText(), process.stderrText(), elapsed);
        }
    }

    /**
     * Starts the CLI and returns at once, for commands that run until stopped ({@code seed},
     * {@code download --seed}) or that a test interrupts; the caller closes what it gets.
     */
    GorrentProcess start(String... args) {
        // env resets SIGINT to its default first: a child of a background job inherits it ignored, and the
        // JVM then never sees Ctrl-C. env execs java, so the pid the tests signal is the JVM's.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(command(args));
        return new GorrentProcess(ChildProcess.start("gorrent", command, workDir, ChildProcess.Stdin.EMPTY));
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(E2eEnvironment.javaLauncher().toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }
}
