package dev.gorrent.cli.launch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a bare {@code java -jar} relaunches itself, and with what command line. */
class TunedJvmTest {
    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path JAR = Path.of("/opt/gorrent/gorrent.jar");
    private static final List<String> BARE = List.of("-jar", "gorrent.jar", "download", "x.torrent");

    @Test
    void aJvmStartedWithOnlyTheJarIsBare() {
        assertTrue(TunedJvm.startedBare(BARE, Map.of()));
        assertTrue(TunedJvm.startedBare(BARE, Map.of("JDK_JAVA_OPTIONS", " ", "PATH", "/bin")));
    }

    @Test
    void optionsOnTheCommandLineOrInTheJvmsVariablesAreTheUsersChoice() {
        assertFalse(TunedJvm.startedBare(List.of("-Xmx1g", "-jar", "gorrent.jar"), Map.of()));
        assertFalse(TunedJvm.startedBare(List.of("-cp", "gorrent.jar", "dev.gorrent.cli.Main"), Map.of()));
        assertFalse(TunedJvm.startedBare(List.of(), Map.of()));
        for (String variable : TunedJvm.OPTION_VARIABLES) {
            assertFalse(TunedJvm.startedBare(BARE, Map.of(variable, "-Xmx1g")), variable);
        }
    }

    @Test
    void theSecondJvmGetsTheSettingsThenTheJarAndTheArgumentsUnchanged() {
        Path archive = Path.of("/opt/gorrent/gorrent.jsa");

        List<String> command = TunedJvm.command(JAVA, JAR, List.of("download", "a b.torrent", "-q"),
                Optional.of(archive), 42);

        List<String> expected = new ArrayList<>(List.of(JAVA.toString()));
        expected.addAll(TunedJvm.JVM_OPTIONS);
        expected.addAll(List.of("-XX:SharedArchiveFile=" + archive, TunedJvm.QUIET_ARCHIVE,
                "-Dgorrent.tuned=relaunched", "-Dgorrent.relaunched-by=42", "-jar", JAR.toString(), "download",
                "a b.torrent", "-q"));
        assertEquals(expected, command);
    }

    @Test
    void withoutAnArchiveItsOptionsStayOut() {
        List<String> command = TunedJvm.command(JAVA, JAR, List.of("--version"), Optional.empty(), 7);

        List<String> expected = new ArrayList<>(List.of(JAVA.toString()));
        expected.addAll(TunedJvm.JVM_OPTIONS);
        expected.addAll(List.of("-Dgorrent.tuned=relaunched", "-Dgorrent.relaunched-by=7", "-jar", JAR.toString(),
                "--version"));
        assertEquals(expected, command);
    }

    @Test
    void theSettingsAreTheLaunchers() throws IOException {
        // Surefire runs in the module's folder; bin/ sits at the root of the repository, beside it.
        Path bin = Path.of(System.getProperty("user.dir")).resolveSibling("bin");
        String launcher = Files.readString(bin.resolve("gorrent"));
        List<String> options = new ArrayList<>(TunedJvm.JVM_OPTIONS);
        options.add(TunedJvm.QUIET_ARCHIVE);
        for (String option : options) {
            assertTrue(launcher.contains(option), "bin/gorrent does not pass " + option);
        }
        String javaLine = launcher.lines().filter(line -> line.startsWith("exec java ")).findFirst().orElseThrow();
        for (String option : javaLine.split(" ")) {
            if (option.startsWith("-X")) {
                assertTrue(TunedJvm.JVM_OPTIONS.contains(option), "TunedJvm does not pass bin/gorrent's " + option);
            }
        }
    }
}
