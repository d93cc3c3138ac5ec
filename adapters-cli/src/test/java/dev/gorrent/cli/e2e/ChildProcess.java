package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A program the tests started, with the tail of its output kept for failure messages.
 *
 * <p>Two daemon threads drain stdout and stderr (so the child never blocks on a full pipe); the
 * test thread waits and reads. Lines seen on stdout are shared under this object's monitor; a
 * stdout listener given to {@link #start} runs on the stdout drain thread, one line at a time, in order.
 */
final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final OutputTail stdout;
    private final OutputTail stderr;
    /** Distinct stdout lines, in the order first seen. */
    private final Set<String> stdoutLines = new LinkedHashSet<>();
    private final Consumer<String> stdoutListener;
    private boolean stdoutClosed;

    private ChildProcess(String name, List<String> command, Process process, Consumer<String> stdoutListener) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutListener = stdoutListener;
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
        return start(name, command, workDir, stdin, line -> { });
    }

    /** As {@link #start(String, List, Path, Stdin)}, also telling {@code stdoutListener} of every stdout line. */
    static ChildProcess start(String name, List<String> command, Path workDir, Stdin stdin,
                              Consumer<String> stdoutListener) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
            if (stdin == Stdin.EMPTY) {
                process.getOutputStream().close();
            }
            return new ChildProcess(name, command, process, stdoutListener);
        } catch (IOException e) {
            throw new HarnessException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage() + " (did scripts/install-test-deps run?)", e);
        }
    }

    private void sawStdoutLine(String line) {
        stdoutListener.accept(line);
        synchronized (this) {
            stdoutLines.add(line.strip());
            notifyAll();
        }
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

    /**
     * Waits until the child prints a line (compared stripped) that {@code matches}: the first such line, or
     * empty if it closed stdout (usually: exited) first. Throws when neither happens within {@code timeout}.
     */
    synchronized Optional<String> awaitStdoutLine(Predicate<String> matches, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> seen = stdoutLines.stream().filter(matches).findFirst();
            if (seen.isPresent()) {
                return seen;
            }
            if (stdoutClosed) {
                return Optional.empty();
            }
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                throw new HarnessException(name + " did not print " + what + " within "
                        + timeout.toSeconds() + " s\n" + describe());
            }
            wait(leftMillis);
        }
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

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Kills the child and every process it started at once with SIGKILL (no chance to clean up, as in a crash
     * or power cut) and waits, bounded, until it is gone; returns its exit code. The whole tree: a bare
     * {@code java -jar gorrent.jar} runs Gorrent in a second JVM of its own.
     */
    int kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HarnessException(name + " (pid " + process.pid() + ") still runs " + GRACE.toSeconds()
                    + " s after SIGKILL");
        }
        stdout.awaitClosed(2_000);
        stderr.awaitClosed(2_000);
        return process.exitValue();
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
