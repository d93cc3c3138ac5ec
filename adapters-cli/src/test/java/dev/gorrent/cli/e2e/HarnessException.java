package dev.gorrent.cli.e2e;

/** The end-to-end harness could not set up or observe a tool; the message says which and why. */
final class HarnessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HarnessException(String message) {
        super(message);
    }

    HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
