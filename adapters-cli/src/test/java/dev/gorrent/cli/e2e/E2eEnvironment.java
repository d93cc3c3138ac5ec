package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the end-to-end tests find their tools: the repository's e2e/ scripts, Python, the Gorrent jar. */
final class E2eEnvironment {
    /** Debian's python3-libtorrent installs for the system Python, not for a pyenv or venv one. */
    static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private E2eEnvironment() {
    }

    /** The repository root, from failsafe's {@code gorrent.repo.root} or by walking up from the working folder. */
    static Path repoRoot() {
        String configured = System.getProperty("gorrent.repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("e2e").resolve("seed.py"))) {
                return dir;
            }
        }
        throw new HarnessException("cannot find e2e/seed.py in " + start + " or any folder above it;"
                + " set -Dgorrent.repo.root to the repository root");
    }

    /** A script in the repository's e2e/ folder. */
    static Path e2eScript(String fileName) {
        return repoRoot().resolve("e2e").resolve(fileName);
    }

    /** The shaded Gorrent jar that {@code mvn package} built, as failsafe passes it. */
    static Path gorrentJar() {
        String configured = System.getProperty("gorrent.jar");
        if (configured == null) {
            throw new HarnessException("system property gorrent.jar is not set; end-to-end tests (*IT) run under"
                    + " failsafe (scripts/test or mvn verify), which builds the jar and sets it");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new HarnessException("the Gorrent jar " + jar + " does not exist; mvn package builds it");
        }
        return jar;
    }

    /** The java launcher of the JVM running the tests, so the CLI runs on the same Java. */
    static Path javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * A loopback port that is free for both TCP and UDP right now. Another process may still take
     * it before the caller binds it, so callers retry when a start fails on the port.
     */
    static int freeLoopbackPort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                port = tcp.getLocalPort();
            } catch (IOException e) {
                throw new HarnessException("cannot open a TCP socket on loopback: " + e.getMessage(), e);
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // UDP side taken; try another port.
            }
        }
        throw new HarnessException("found no loopback port free for both TCP and UDP in 20 tries");
    }
}
