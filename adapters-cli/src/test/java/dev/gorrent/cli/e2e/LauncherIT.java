package dev.gorrent.cli.e2e;

import dev.gorrent.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/gorrent}, the launcher the README tells users to run: the real program, exit codes unchanged. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LauncherIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    /** Failsafe runs in the module's folder; the launcher sits at the root of the repository, beside it. */
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).resolveSibling("bin")
            .resolve("gorrent");

    @Test
    void runsTheDemoThroughTheLauncher(@TempDir Path temp) throws Exception {
        Run demo = run(temp, "demo", "--size", "16M", "-q");

        assertEquals(ExitCodes.OK, demo.exitCode(), demo.output());
        assertTrue(demo.stdout().lines().anyMatch(line -> line.startsWith("demo: ") && line.contains("byte-identical")),
                demo.output());
        // Left alone, the JVM would print lines of its own for the launcher's class-archive flags (CDS
        // warnings); with -q only the demo's result line may appear.
        assertTrue(demo.stdout().lines().allMatch(line -> line.startsWith("demo: ")), demo.output());
        assertEquals("", demo.stderr(), demo.output());
    }

    @Test
    void printsOnlyGorrentsOwnOutput(@TempDir Path temp) throws Exception {
        Run version = run(temp, "--version");

        assertEquals(ExitCodes.OK, version.exitCode(), version.output());
        assertVersionOnly(version);
    }

    @Test
    void theBuildLeavesAClassArchiveThatTheLauncherMaps(@TempDir Path temp) throws Exception {
        Path archive = E2eEnvironment.gorrentJar().resolveSibling("gorrent.jsa");
        assertTrue(Files.isRegularFile(archive), archive + " is missing: the package phase should write it");

        // The JVM runs on when it cannot use the archive, so -Xshare:on is what turns that into an exit
        // code; class+load says where each class came from. The archive fits only the JDK that wrote it
        // (the one running Maven and these tests), so that JDK's java comes first on the launcher's PATH.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", E2eEnvironment.javaLauncher().getParent() + ":" + System.getenv("PATH"));
        env.put("GORRENT_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info");
        Run version = run(temp, env, LAUNCHER, "--version");

        assertEquals(ExitCodes.OK, version.exitCode(), version.output());
        assertTrue(version.stdout().lines().anyMatch(line ->
                line.endsWith(" dev.gorrent.cli.Main source: shared objects file")), version.output());
        // picocli's classes are Java 5 class files, which only a static archive takes (in JDK 17).
        assertTrue(version.stdout().lines().anyMatch(line ->
                line.endsWith(" picocli.CommandLine source: shared objects file")), version.output());
    }

    @Test
    void runsOnFromAFolderOfItsOwnWithoutAnArchive(@TempDir Path temp) throws Exception {
        Path launcher = copyLauncherAlone(temp);
        Path jar = Files.copy(E2eEnvironment.gorrentJar(), temp.resolve("gorrent.jar"));

        Run version = run(temp, Map.of("GORRENT_JAR", jar.toString()), launcher, "--version");

        assertEquals(ExitCodes.OK, version.exitCode(), version.output());
        assertVersionOnly(version);
    }

    @Test
    void skipsAnArchiveMadeForAnotherJarQuietly(@TempDir Path temp) throws Exception {
        // The archive names the jar in target/, so beside a copy the JVM rejects it, with a warning the
        // launcher must keep from the user.
        Path jar = Files.copy(E2eEnvironment.gorrentJar(), temp.resolve("gorrent.jar"));
        Files.copy(E2eEnvironment.gorrentJar().resolveSibling("gorrent.jsa"), temp.resolve("gorrent.jsa"));

        Run version = run(temp, Map.of("GORRENT_JAR", jar.toString()), LAUNCHER, "--version");

        assertEquals(ExitCodes.OK, version.exitCode(), version.output());
        assertVersionOnly(version);
    }

    @Test
    void ownJavaOptionsGetTheJvmsOwnMessages(@TempDir Path temp) throws Exception {
        // Whoever passes options of their own hears what the JVM says about them: a maximum heap below the
        // launcher's starting heap must be explained, not just fail.
        Run version = run(temp, Map.of("GORRENT_JAVA_OPTS", "-Xmx32m"), LAUNCHER, "--version");

        assertNotEquals(ExitCodes.OK, version.exitCode(), version.output());
        assertTrue(version.output().contains("heap size"), version.output());
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

    private static void assertVersionOnly(Run version) {
        List<String> lines = version.stdout().lines().toList();
        assertEquals(2, lines.size(), version.output());
        assertTrue(lines.get(0).startsWith("Gorrent "), version.output());
        assertTrue(lines.get(1).startsWith("Java "), version.output());
        assertEquals("", version.stderr(), version.output());
    }

    /** bin/gorrent in a folder of its own, away from the repository it sits in. */
    private static Path copyLauncherAlone(Path temp) throws Exception {
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path launcher = Files.copy(LAUNCHER, bin.resolve("gorrent"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private static Run run(Path workDir, String... args) throws InterruptedException {
        return run(workDir, Map.of(), LAUNCHER, args);
    }

    /** Runs {@code launcher} with {@code env} added to this JVM's environment, through env(1). */
    private static Run run(Path workDir, Map<String, String> env, Path launcher, String... args)
            throws InterruptedException {
        assertTrue(Files.isExecutable(launcher), launcher + " is not there or not executable");
        List<String> command = new ArrayList<>(List.of("env"));
        env.forEach((name, value) -> command.add(name + "=" + value));
        command.add(launcher.toString());
        command.addAll(List.of(args));
        try (ChildProcess process = ChildProcess.start("bin/gorrent", command, workDir, ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(RUN_TIMEOUT);
            assertTrue(exit.isPresent(), "bin/gorrent " + String.join(" ", args) + " did not finish\n"
                    + process.describe());
            return new Run(exit.get(), process.stdoutText(), process.stderrText());
        }
    }
}
