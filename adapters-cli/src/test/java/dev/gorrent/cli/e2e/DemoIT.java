package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gorrent demo}, as a new user would first run it: a whole swarm on loopback, checked byte for byte. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoIT {
    /** A bound, not a speed target: the demo takes seconds on loopback. */
    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void quietDemoReportsAByteIdenticalCopy(@TempDir Path temp) throws Exception {
        GorrentCli.Result demo = new GorrentCli(temp).run(DEMO_TIMEOUT, "demo", "--size", "48M", "-q");

        assertEquals(0, demo.exitCode(), demo.describe());
        List<String> results = demo.stdout().lines().filter(line -> line.startsWith("demo: ")).toList();
        assertEquals(1, results.size(), "expected one result line starting with \"demo: \"\n" + demo.describe());
        assertTrue(results.get(0).contains("byte-identical"), "the result does not say byte-identical\n"
                + demo.describe());
    }
}
