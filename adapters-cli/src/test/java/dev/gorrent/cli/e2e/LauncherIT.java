package dev.gorrent.cli.e2e;

import dev.gorrent.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/gorrent}, the launcher the README tells users to run: the real program, exit codes unchanged. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LauncherIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    /** Failsafe runs in the module's folder; the launcher sits at the root of the repository, beside it. */
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("gorrent");

    @Test
    void runsTheDemoThroughTheLauncher(@TempDir Path temp) throws Exception {
        Run demo = run(temp, "demo", "--size", "16M", "-q");

        assertEquals(ExitCodes.OK, demo.exitCode(), demo.output());
        assertTrue(demo.stdout().lines().anyMatch(line -> line.startsWith("demo: ") && line.contains("byte-identical")),
                demo.output());
    }

    @Test
    void passesTheExitCodeAndTheOneLineErrorThrough(@TempDir Path temp) throws Exception {
        Path notATorrent = Files.writeString(temp.resolve("broken.torrent"), "not bencode");

        Run info = run(temp, "info", notATorrent.toString());

        assertEquals(ExitCodes.BAD_INPUT, info.exitCode(), info.output());
        List<String> errors = info.stderr().lines().filter(line -> line.startsWith("gorrent: ")).toList();
        assertEquals(1, errors.size(), info.output());
        assertTrue(errors.get(0).contains(notATorrent.toString()), info.output());
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private static Run run(Path workDir, String... args) throws InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not there or not executable");
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        try (ChildProcess process = ChildProcess.start("bin/gorrent", command, workDir, ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(RUN_TIMEOUT);
            assertTrue(exit.isPresent(), "bin/gorrent " + String.join(" ", args) + " did not finish\n" + process.describe());
            return new Run(exit.get(), process.stdoutText(), process.stderrText());
        }
    }
}
