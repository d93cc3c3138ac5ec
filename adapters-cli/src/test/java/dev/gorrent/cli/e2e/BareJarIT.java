package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bare {@code java -jar gorrent.jar}: Gorrent runs in a second JVM with the launcher's settings, which goes
 * when the first is killed outright; with options of the user's it runs in the JVM as started. (Every other
 * end-to-end test that runs the jar bare goes through the second JVM too: signals, exit codes, output.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BareJarIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The second JVM looks for its parent every 100 ms. */
    private static final Duration ORPHAN_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void runsInASecondJvmWithTheLaunchersSettingsThatEndsWithTheFirst(@TempDir Path temp) throws Exception {
        LibtorrentTorrent torrent = seedableTorrent(temp);
        try (GorrentProcess seed = new GorrentCli(temp).start(seedArgs(torrent, temp))) {
            seed.awaitListeningPort(START_TIMEOUT);
            List<ProcessHandle> children = seed.handle().children().toList();
            assertEquals(1, children.size(), "a bare java -jar should run Gorrent in one second JVM\n"
                    + seed.describe());
            ProcessHandle second = children.get(0);
            List<String> arguments = Arrays.asList(second.info().arguments().orElseThrow());
            assertTrue(arguments.containsAll(List.of("-XX:+UseSerialGC", "-Xmn16m", "-XX:TieredStopAtLevel=1",
                    "-Dgorrent.relaunched-by=" + seed.handle().pid())), "the second JVM's arguments: " + arguments);

            seed.handle().destroyForcibly();

            try {
                second.onExit().get(ORPHAN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("Gorrent's own JVM still runs " + ORPHAN_TIMEOUT.toSeconds()
                        + " s after the JVM that started it was killed\n" + seed.describe(), e);
            } finally {
                second.destroyForcibly(); // no longer a descendant that closing the seed would reach
            }
        }
    }

    @Test
    void runsInTheJvmAsStartedWhenTheUserGaveItOptions(@TempDir Path temp) throws Exception {
        LibtorrentTorrent torrent = seedableTorrent(temp);
        List<String> command = new ArrayList<>(List.of("env", "JDK_JAVA_OPTIONS=-Xss2m",
                E2eEnvironment.javaLauncher().toString(), "-jar",
                E2eEnvironment.gorrentJar().toAbsolutePath().toString()));
        command.addAll(List.of(seedArgs(torrent, temp)));
        try (ChildProcess seed = ChildProcess.start("gorrent", command, temp, ChildProcess.Stdin.EMPTY)) {
            assertTrue(seed.awaitStdoutLine(line -> line.startsWith("accepting peers on port"),
                    "\"accepting peers on port N\"", START_TIMEOUT).isPresent(), seed.describe());

            assertEquals(List.of(), seed.handle().children().toList(), "with JDK_JAVA_OPTIONS set, Gorrent should"
                    + " run in the JVM as started\n" + seed.describe());
        }
    }

    private static LibtorrentTorrent seedableTorrent(Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve(payload.name() + ".torrent"),
                tracker.running().announceUrl(), 64 * TestData.KIB);
        tracker.running().allow(torrent.infoHashHex());
        return torrent;
    }

    private static String[] seedArgs(LibtorrentTorrent torrent, Path temp) {
        return new String[] {"seed", torrent.file().toString(), "--dir", temp.resolve("seed").toString(),
                "--port", Integer.toString(E2eEnvironment.freeLoopbackPort())};
    }
}
