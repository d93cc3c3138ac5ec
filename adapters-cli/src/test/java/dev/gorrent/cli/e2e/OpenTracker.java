package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real opentracker on 127.0.0.1 (HTTP and UDP on one port) that tracks only the info-hashes
 * the tests {@linkplain #allow allow}.
 *
 * <p>Debian's opentracker only serves whitelisted torrents, chroots into its folder and drops to
 * user {@code nobody} when started as root, so its folder is world-readable and the whitelist path
 * is relative to it. One test thread drives an instance.
 */
final class OpenTracker implements AutoCloseable {
    private static final String WHITELIST = "whitelist.txt";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ALLOW_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** opentracker cannot map an empty whitelist file, so the list starts with a hash no test uses. */
    private static final String PLACEHOLDER_HASH = "f".repeat(40);
    private static final Pattern INFO_HASH_HEX = Pattern.compile("[0-9a-f]{40}");
    /** The seeder count in a scrape reply for one info-hash (bencoded: {@code 8:completei<n>e}). */
    /** A scrape reply that lists no torrent. */
    private static final String EMPTY_SCRAPE = "d5:filesdee";
    private static final Pattern SCRAPE_COMPLETE = Pattern.compile("8:completei(\\d+)e");
    private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> WORLD_READABLE_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path folder;
    private final int port;
    private final ChildProcess process;
    private final HttpClient http;
    private final Set<String> allowed = new LinkedHashSet<>(Set.of(PLACEHOLDER_HASH));

    private OpenTracker(Path folder, int port, ChildProcess process, HttpClient http) {
        this.folder = folder;
        this.port = port;
        this.process = process;
        this.http = http;
    }

    /** Starts opentracker on a free loopback port, tracking no test's torrent yet; waits until it answers. */
    static OpenTracker start() throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("gorrent-opentracker-");
        Files.setPosixFilePermissions(folder, WORLD_READABLE_DIR);
        writeWhitelist(folder, Set.of(PLACEHOLDER_HASH));
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = E2eEnvironment.freeLoopbackPort();
            ChildProcess process = ChildProcess.start("opentracker", List.of("opentracker",
                    "-i", "127.0.0.1", "-p", Integer.toString(port), "-P", Integer.toString(port),
                    "-d", folder.toString(), "-w", WHITELIST), folder, ChildProcess.Stdin.EMPTY);
            OpenTracker tracker = new OpenTracker(folder, port, process, http);
            if (tracker.awaitAnswering()) {
                return tracker;
            }
            // Most likely another process took the port between our check and its bind.
            failures.append("attempt ").append(attempt).append(":\n").append(process.describe());
            process.close();
        }
        deleteFolder(folder);
        throw new HarnessException("opentracker did not start on loopback in 3 attempts\n" + failures);
    }

    private boolean awaitAnswering() throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < START_TIMEOUT.toNanos() && process.isAlive()) {
            if (probe(PLACEHOLDER_HASH) != Probe.NO_ANSWER) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The HTTP announce URL, for torrents' announce field. */
    URI announceUrl() {
        return URI.create("http://127.0.0.1:" + port + "/announce");
    }

    /**
     * Adds an info-hash (40 hex digits) to the whitelist and waits until the running tracker
     * accepts announces for it.
     */
    void allow(String infoHashHex) throws IOException, InterruptedException {
        String hash = infoHashHex.toLowerCase(Locale.ROOT);
        if (!INFO_HASH_HEX.matcher(hash).matches()) {
            throw new IllegalArgumentException("not an info-hash of 40 hex digits: " + infoHashHex);
        }
        allowed.add(hash);
        writeWhitelist(folder, allowed);
        long start = System.nanoTime();
        long resignalEvery = TimeUnit.SECONDS.toNanos(1);
        long signalled = start - resignalEvery;
        while (System.nanoTime() - start < ALLOW_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                throw new HarnessException("opentracker died while reloading its whitelist\n" + process.describe());
            }
            // Re-signal now and then: a reload that raced with an earlier one may have read the old file.
            if (System.nanoTime() - signalled >= resignalEvery) {
                process.signal("HUP");
                signalled = System.nanoTime();
            }
            if (probe(hash) == Probe.TRACKED) {
                return;
            }
            Thread.sleep(50);
        }
        throw new HarnessException("opentracker still refuses " + hash + " " + ALLOW_TIMEOUT.toSeconds()
                + " s after whitelisting it\n" + process.describe());
    }

    /**
     * How many seeders (peers that announced {@code left=0} and have not said "stopped") the tracker
     * lists for an allowed info-hash, by its scrape reply.
     */
    int seeders(String infoHashHex) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/scrape?info_hash="
                + percentEncode(HexFormat.of().parseHex(infoHashHex.toLowerCase(Locale.ROOT))));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET().build();
        String body;
        try {
            body = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1)).body();
        } catch (IOException e) {
            throw new HarnessException("opentracker did not answer the scrape " + uri + ": " + e.getMessage()
                    + "\n" + process.describe(), e);
        }
        if (body.equals(EMPTY_SCRAPE)) {
            // opentracker leaves out a torrent that has no peers at all.
            return 0;
        }
        Matcher complete = SCRAPE_COMPLETE.matcher(body);
        if (!complete.find()) {
            throw new HarnessException("opentracker's scrape reply for " + infoHashHex + " has no seeder count: "
                    + body + "\n" + process.describe());
        }
        return Integer.parseInt(complete.group(1));
    }

    /** Waits until the tracker lists {@code expected} seeders for the info-hash; throws with the last count if not. */
    void awaitSeeders(String infoHashHex, int expected, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        int seen = seeders(infoHashHex);
        while (seen != expected) {
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new HarnessException("opentracker lists " + seen + " seeders for " + infoHashHex
                        + " instead of " + expected + " after " + timeout.toSeconds() + " s\n" + process.describe());
            }
            Thread.sleep(50);
            seen = seeders(infoHashHex);
        }
    }

    private enum Probe { NO_ANSWER, REFUSED, TRACKED }

    /**
     * Announces a "stopped" event for a made-up peer: it tells whether the tracker answers and
     * tracks the hash, without adding a peer that Gorrent would then try to reach.
     */
    private Probe probe(String infoHashHex) throws InterruptedException {
        URI uri = URI.create(announceUrl() + "?info_hash=" + percentEncode(HexFormat.of().parseHex(infoHashHex))
                + "&peer_id=-GE2E00-probeprobepr&port=9&uploaded=0&downloaded=0&left=0&compact=1&event=stopped");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            return response.body().contains("failure reason") ? Probe.REFUSED : Probe.TRACKED;
        } catch (IOException e) {
            return Probe.NO_ANSWER;
        }
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString();
    }

    private static void writeWhitelist(Path folder, Set<String> hashes) throws IOException {
        Path next = folder.resolve(WHITELIST + ".next");
        Files.write(next, hashes, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(next, WORLD_READABLE_FILE);
        // Replace in one step so a reload never reads a half-written list.
        Files.move(next, folder.resolve(WHITELIST), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Output and state, for failure messages. */
    String describe() {
        return process.describe();
    }

    /** Stops opentracker and deletes its folder. */
    @Override
    public void close() throws IOException {
        process.close();
        deleteFolder(folder);
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
