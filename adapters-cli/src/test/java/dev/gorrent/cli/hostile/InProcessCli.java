package dev.gorrent.cli.hostile;

import dev.gorrent.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs the CLI in this JVM through {@link Main#run}, with stdout and stderr captured. Swaps the
 * process-wide {@code System.out} and {@code System.err}, so runs must not overlap: JUnit runs these
 * tests one at a time on one thread.
 */
final class InProcessCli {
    private InProcessCli() {
    }

    /**
     * What one run did.
     *
     * @param exitCode what {@link Main#run} returned
     * @param out      everything printed on stdout
     * @param err      everything printed on stderr
     * @param elapsed  wall-clock time of the run
     */
    record Result(int exitCode, String out, String err, Duration elapsed) {
        List<String> errLines() {
            return err.lines().toList();
        }

        String describe() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout:\n" + out
                    + "--- stderr:\n" + err;
        }
    }

    static Result run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    elapsed);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
