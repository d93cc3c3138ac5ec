package dev.gorrent.cli.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running {@code gorrent} command that the test stops itself: with a signal as a user would
 * (Ctrl-C, SIGTERM) or with SIGKILL as a crash would. One test thread drives an instance.
 */
final class GorrentProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("accepting peers on port (\\d+)");

    private final ChildProcess process;

    GorrentProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * Waits for the "accepting peers on port N" line and returns N (the port asked for, or the next
     * free one). Throws, with the output, if gorrent exits or stays silent for {@code timeout}.
     */
    int awaitListeningPort(Duration timeout) throws InterruptedException {
        Optional<String> line = process.awaitStdoutLine(candidate -> LISTENING.matcher(candidate).matches(),
                "\"accepting peers on port N\"", timeout);
        if (line.isEmpty()) {
            throw new AssertionError("gorrent ended before accepting peers\n" + process.describe());
        }
        Matcher port = LISTENING.matcher(line.get());
        if (!port.matches()) {
            throw new IllegalStateException("the line matched before: " + line.get());
        }
        return Integer.parseInt(port.group(1));
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() throws InterruptedException {
        process.signal("INT");
    }

    /** Sends SIGTERM, as {@code kill PID} and service managers do. */
    void terminate() throws InterruptedException {
        process.signal("TERM");
    }

    /** SIGKILL: gorrent gets no chance to flush, save resume data or tell trackers; returns the exit code. */
    int kill() throws InterruptedException {
        return process.kill();
    }

    /** The exit code, if gorrent ends within {@code timeout}; empty if it still runs. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** The process the test started: with a bare {@code java -jar}, the JVM that waits for Gorrent's own. */
    ProcessHandle handle() {
        return process.handle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdoutText() {
        return process.stdoutText();
    }

    /** Command, state and output, for failure messages. */
    String describe() {
        return process.describe();
    }

    /** Stops gorrent if it still runs (SIGTERM, then SIGKILL). */
    @Override
    public void close() {
        process.close();
    }
}
