package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gorrent against independent software: libtorrent makes the torrent and seeds it, opentracker
 * introduces the peers, and the packaged jar downloads with no {@code --peer} hint.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DownloadFromLibtorrentIT {
    /** Generous for a few MiB over loopback; it exists so a hang fails instead of stalling CI. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMPLETE_DATA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void downloadsASingleFileTorrentWhoseLastPieceIsShort(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        downloadThenRunAgainOnCompleteData(payload, 32 * TestData.KIB, temp);
    }

    @Test
    void downloadsAMultiFileTorrentWithNestedFoldersAndEmptyFiles(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.multiFile(temp.resolve("seed"));
        // Smaller pieces than most files, larger than some: pieces span file boundaries.
        downloadThenRunAgainOnCompleteData(payload, 16 * TestData.KIB, temp);
    }

    @Test
    void infoShowsTheNameAndInfoHashLibtorrentComputed(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.multiFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("album.torrent"),
                tracker.running().announceUrl(), 64 * TestData.KIB);

        GorrentCli.Result info = new GorrentCli(temp).run(INFO_TIMEOUT, "info", torrent.file().toString());

        assertEquals(0, info.exitCode(), info.describe());
        String shown = info.stdout().toLowerCase(Locale.ROOT);
        assertTrue(shown.contains(torrent.infoHashHex()), "info-hash " + torrent.infoHashHex() + " not shown\n"
                + info.describe());
        assertTrue(shown.contains(payload.name()), "name " + payload.name() + " not shown\n" + info.describe());
    }

    private static void downloadThenRunAgainOnCompleteData(TestData.Payload payload, int pieceSize, Path temp)
            throws Exception {
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve(payload.name() + ".torrent"),
                tracker.running().announceUrl(), pieceSize);
        tracker.running().allow(torrent.infoHashHex());
        Path downloads = temp.resolve("downloads");
        GorrentCli gorrent = new GorrentCli(temp);
        String[] download = {"download", torrent.file().toString(), "--dir", downloads.toString(),
                "--port", Integer.toString(E2eEnvironment.freeLoopbackPort())};

        try (LibtorrentSeed seed = LibtorrentSeed.start(torrent.file(), payload.saveDir())) {
            GorrentCli.Result first = gorrent.run(DOWNLOAD_TIMEOUT, download);
            String context = first.describe() + seed.describe() + tracker.running().describe();
            assertEquals(0, first.exitCode(), "first download failed\n" + context);
            FileTrees.assertSameFiles(payload, downloads, context);
        }

        // The seed is gone: this run can only succeed by finding every piece verified on disk.
        GorrentCli.Result again = gorrent.run(COMPLETE_DATA_TIMEOUT, download);
        assertEquals(0, again.exitCode(), "second run on complete data failed\n" + again.describe());
        FileTrees.assertSameFiles(payload, downloads, again.describe());
    }
}
