package dev.gorrent.cli;

/** A failure the CLI reports as one line and an exit code, without a stack trace. */
public final class UserFacingException extends Exception {
    private final int exitCode;

    public UserFacingException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public UserFacingException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
