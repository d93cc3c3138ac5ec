package dev.gorrent.cli;

/** How progress is shown: redrawn in place on a terminal, periodic lines otherwise, or not at all. */
public enum OutputMode {
    TERMINAL,
    PLAIN,
    QUIET;

    /** TERMINAL when a console is attached, PLAIN when output goes to a pipe or file. */
    public static OutputMode detect(boolean quiet) {
        if (quiet) {
            return QUIET;
        }
        return System.console() != null ? TERMINAL : PLAIN;
    }
}
