package dev.gorrent.cli;

/** The process exit codes every command documents in its {@code --help}. */
public final class ExitCodes {
    /** The command did what was asked (for download: every piece is verified on disk). */
    public static final int OK = 0;
    /** It failed while running: disk, network, or no way to finish. */
    public static final int RUNTIME_FAILURE = 1;
    /** Bad usage, or a torrent file that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** Interrupted by SIGINT or SIGTERM, after a clean stop (the shell's convention for SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
