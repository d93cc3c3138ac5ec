package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A program the tests started, with the tail of its output kept for failure messages.
 *
 * <p>Two daemon threads drain stdout and stderr (so the child never blocks on a full pipe); the
 * test thread waits and reads. Lines seen on stdout are shared under this object's monitor.
 */
final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final OutputTail stdout;
    private final OutputTail stderr;
    private final Set<String> stdoutLines = new HashSet<>();
    private boolean stdoutClosed;

    private ChildProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = OutputTail.drain(process.getInputStream(), name + "-stdout", this::sawStdoutLine,
                this::sawStdoutClose);
        this.stderr = OutputTail.drain(process.getErrorStream(), name + "-stderr", line -> { }, () -> { });
    }

    /** What the child reads on stdin. */
    enum Stdin {
        /** Nothing: stdin is at end of file from the start, as in CI. */
        EMPTY,
        /** A pipe that stays open until {@link #close()} or until this JVM dies (a lifeline). */
        OPEN_PIPE
    }

    /** Starts {@code command} in {@code workDir}. */
    static ChildProcess start(String name, List<String> command, Path workDir, Stdin stdin) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
            if (stdin == Stdin.EMPTY) {
                process.getOutputStream().close();
            }
            return new ChildProcess(name, command, process);
        } catch (IOException e) {
            throw new HarnessException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage() + " (did scripts/install-test-deps run?)", e);
        }
    }

    private synchronized void sawStdoutLine(String line) {
        stdoutLines.add(line.strip());
        notifyAll();
    }

    private synchronized void sawStdoutClose() {
        stdoutClosed = true;
        notifyAll();
    }

    /**
     * Waits until the child prints {@code line} on stdout: true once it did, false if it closed
     * stdout (usually: exited) first. Throws when neither happens within {@code timeout}.
     */
    synchronized boolean awaitStdoutLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdoutLines.contains(line)) {
            if (stdoutClosed) {
                return false;
            }
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                throw new HarnessException(name + " did not print \"" + line + "\" within "
                        + timeout.toSeconds() + " s\n" + describe());
            }
            wait(leftMillis);
        }
        return true;
    }

    /** The exit code, if the child ends within {@code timeout}; empty if it is still running. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        // The drains finish just after exit; give them a moment so the output is complete.
        stdout.awaitClosed(2_000);
        stderr.awaitClosed(2_000);
        return Optional.of(process.exitValue());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name (e.g. "HUP") with kill(1); Java can only send TERM and KILL itself. */
    void signal(String signalName) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signalName, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new HarnessException("kill -" + signalName + " " + process.pid() + " did not finish within 5 s");
            }
            if (kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new HarnessException("cannot send SIG" + signalName + " to " + name + " (pid "
                        + process.pid() + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new HarnessException("cannot run kill to signal " + name + ": " + e.getMessage(), e);
        }
    }

    String stdoutText() {
        return stdout.text();
    }

    String stderrText() {
        return stderr.text();
    }

    /** Name, command, state and output: what a failure message needs. */
    String describe() {
        String state = process.isAlive() ? "still running" : "exited with code " + process.exitValue();
        return "--- " + name + " (" + state + "): " + String.join(" ", command) + "\n"
                + "--- " + name + " stdout:\n" + stdout.text()
                + "--- " + name + " stderr:\n" + stderr.text();
    }

    /** Asks the child to stop (SIGTERM), and kills it and anything it started if it lingers. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Closing our end of its stdin is only a courtesy; the signal below does the work.
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
