package dev.gorrent.cli;

import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a download's events: a status line redrawn in place on a terminal, a line every few seconds
 * when output is a pipe, only errors when quiet. Called from the session thread only.
 */
public final class ProgressDisplay implements DownloadEvents {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final OutputMode mode;
    private final boolean verbose;
    private final PrintStream out;
    private final PrintStream err;
    private String name = "";
    private boolean statusLineShown;
    private long lastPlainLine = Long.MIN_VALUE;

    public ProgressDisplay(OutputMode mode, boolean verbose, PrintStream out, PrintStream err) {
        this.mode = mode;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void publish(DownloadEvent event) {
        if (mode == OutputMode.QUIET) {
            return;
        }
        if (event instanceof DownloadEvent.Progress progress) {
            showProgress(progress);
        } else if (event instanceof DownloadEvent.Checked checked) {
            name = checked.name();
            line(out, String.format(Locale.ROOT, "%s: %d of %d pieces already on disk (%s of %s)", checked.name(),
                    checked.verifiedPieces(), checked.pieceCount(), Units.bytes(checked.verifiedBytes()),
                    Units.bytes(checked.totalBytes())));
        } else if (event instanceof DownloadEvent.Listening listening) {
            line(out, "accepting peers on port " + listening.port());
        } else if (event instanceof DownloadEvent.Warning warning) {
            line(err, "warning: " + warning.message());
        } else if (event instanceof DownloadEvent.TrackerProblem problem) {
            line(err, "warning: tracker " + problem.trackerUrl() + ": " + problem.message());
        } else if (event instanceof DownloadEvent.PieceFailed failed) {
            line(err, "warning: piece " + failed.piece() + " from " + failed.fromPeer()
                    + " failed its hash check; fetching it again");
        } else if (event instanceof DownloadEvent.TrackerAnnounced announced && verbose) {
            line(out, "tracker " + announced.trackerUrl() + " gave " + announced.peers() + " peers");
        } else if (event instanceof DownloadEvent.PeerDropped dropped && verbose) {
            line(out, "peer " + dropped.peer() + " dropped: " + dropped.reason());
        } else if (event instanceof DownloadEvent.Completed completed) {
            double seconds = Math.max(completed.elapsedNanos() / 1e9, 1e-3);
            line(out, String.format(Locale.ROOT, "%s: complete, %s downloaded in %.1f s (%s)", name,
                    Units.bytes(completed.downloadedBytes()), seconds,
                    Units.rate((long) (completed.downloadedBytes() / seconds))));
        }
    }

    /** The closing line of a seeding session. */
    public synchronized void seedingStopped(SeedResult result) {
        if (mode != OutputMode.QUIET) {
            line(out, String.format(Locale.ROOT, "%s: stopped seeding after %s, %s uploaded", name,
                    Units.duration(result.elapsed().toSeconds()), Units.bytes(result.uploadedBytes())));
        }
    }

    private void showProgress(DownloadEvent.Progress progress) {
        String status = status(progress);
        if (mode == OutputMode.TERMINAL) {
            out.print("\r" + status + "\033[K");
            out.flush();
            statusLineShown = true;
            return;
        }
        long now = System.nanoTime();
        if (lastPlainLine == Long.MIN_VALUE || now - lastPlainLine >= PLAIN_EVERY_NANOS) {
            lastPlainLine = now;
            out.println(status);
        }
    }

    private static String status(DownloadEvent.Progress p) {
        double percent = p.totalBytes() == 0 ? 100 : 100.0 * p.verifiedBytes() / p.totalBytes();
        long left = p.totalBytes() - p.verifiedBytes();
        if (left == 0) {
            return String.format(Locale.ROOT, "seeding  up %s  peers %d", Units.rate(p.uploadRate()),
                    p.connectedPeers());
        }
        long eta = p.downloadRate() > 0 ? left / p.downloadRate() : -1;
        return String.format(Locale.ROOT, "%5.1f%%  %s of %s  down %s  up %s  peers %d/%d  ETA %s", percent,
                Units.bytes(p.verifiedBytes()), Units.bytes(p.totalBytes()), Units.rate(p.downloadRate()),
                Units.rate(p.uploadRate()), p.connectedPeers(), p.knownPeers(), Units.duration(eta));
    }

    /** Prints a whole line, first ending an in-place status line so the two do not mix. */
    private void line(PrintStream stream, String text) {
        if (statusLineShown) {
            out.println();
            statusLineShown = false;
        }
        stream.println(text);
    }
}
