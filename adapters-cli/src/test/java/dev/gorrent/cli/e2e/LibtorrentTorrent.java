package dev.gorrent.cli.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A .torrent file made by libtorrent (e2e/make_torrent.py): an independent producer keeps
 * Gorrent's own parser honest.
 *
 * @param file the .torrent file
 * @param infoHashHex the v1 info-hash as libtorrent computed it, 40 lowercase hex digits
 */
record LibtorrentTorrent(Path file, String infoHashHex) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern INFO_HASH_HEX = Pattern.compile("[0-9a-f]{40}");

    /** Describes {@code source} (a file, or a folder for a multi-file torrent) in {@code output}, v1 only. */
    static LibtorrentTorrent create(Path source, Path output, URI tracker, int pieceSize) throws InterruptedException {
        return create(source, output, List.of(tracker), pieceSize);
    }

    /**
     * As {@link #create(Path, Path, URI, int)} with several trackers, each in its own BEP 12 tier, in the order
     * given. Trackers live outside the info dictionary, so torrents of the same data that differ only in their
     * trackers share one info-hash.
     */
    static LibtorrentTorrent create(Path source, Path output, List<URI> trackers, int pieceSize)
            throws InterruptedException {
        if (trackers.isEmpty()) {
            throw new IllegalArgumentException("make_torrent.py needs at least one tracker");
        }
        List<String> command = new ArrayList<>(List.of(E2eEnvironment.SYSTEM_PYTHON.toString(),
                E2eEnvironment.e2eScript("make_torrent.py").toString(),
                source.toAbsolutePath().toString(), output.toAbsolutePath().toString(),
                "--piece-size", Integer.toString(pieceSize)));
        for (URI tracker : trackers) {
            command.addAll(List.of("--tracker", tracker.toString()));
        }
        try (ChildProcess process = ChildProcess.start("make_torrent", command,
                output.toAbsolutePath().getParent(), ChildProcess.Stdin.EMPTY)) {
            Optional<Integer> exit = process.awaitExit(TIMEOUT);
            if (exit.isEmpty() || exit.get() != 0) {
                throw new HarnessException("libtorrent could not create a torrent for " + source + "\n"
                        + process.describe());
            }
            String hash = process.stdoutText().strip();
            if (!INFO_HASH_HEX.matcher(hash).matches()) {
                throw new HarnessException("make_torrent.py printed no info-hash\n" + process.describe());
            }
            return new LibtorrentTorrent(output, hash);
        }
    }
}
