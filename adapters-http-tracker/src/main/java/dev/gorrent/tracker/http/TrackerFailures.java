package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.tracker.net.LookupAbandoned;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Locale;

/**
 * The errors of one request to one tracker, worded the same whether the plain-HTTP client or the JDK's made
 * the request, so callers (and their users) cannot tell which one did.
 *
 * @param tracker    {@code host:port} of the tracker first asked, for messages; redirects do not change it
 * @param trackerUrl the announce URL as configured, for messages about the URL itself
 * @param what       "announce" or "scrape"
 */
record TrackerFailures(String tracker, String trackerUrl, String what, HttpTrackerSettings settings) {

    TrackerException invalidUrl(String reason, Throwable cause) {
        return new TrackerException("tracker URL " + trackerUrl + " is not valid: " + reason, cause);
    }

    TrackerException didNotAnswer(Throwable cause) {
        Duration timeout = settings.timeout();
        String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new TrackerException("tracker " + tracker + " did not answer within " + limit, cause);
    }

    TrackerException interrupted(Throwable cause) {
        return new TrackerException(what + " to tracker " + tracker + " was interrupted", cause);
    }

    TrackerException refused(Throwable cause) {
        return new TrackerException("cannot reach tracker " + tracker + ": connection refused", cause);
    }

    TrackerException unreachable(Throwable cause) {
        return new TrackerException("cannot reach tracker " + tracker + ": " + describe(cause), cause);
    }

    TrackerException status(int code) {
        return new TrackerException("tracker " + tracker + " answered HTTP " + code);
    }

    TrackerException bodyTooLong() {
        return new TrackerException("tracker " + tracker + " answer exceeds " + settings.maxBodyBytes() + " bytes");
    }

    TrackerException malformed(String problem, Throwable cause) {
        return new TrackerException("tracker " + tracker + " sent a malformed answer: " + problem, cause);
    }

    TrackerException tooManyRedirects(int followed) {
        return new TrackerException("tracker " + tracker + " redirected more than " + followed + " times");
    }

    TrackerException badRedirect(String location, String problem, Throwable cause) {
        return new TrackerException("tracker " + tracker + " redirected to '" + location + "': " + problem, cause);
    }

    /**
     * An I/O failure of the plain-HTTP client, by kind. Interrupted calls keep their thread's interrupt flag set:
     * the channel behind the socket sets it anyway, and callers use it to stop.
     */
    TrackerException io(IOException e) {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            return interrupted(e);
        }
        if (e instanceof SocketTimeoutException) {
            return didNotAnswer(e);
        }
        if (e instanceof ConnectException && isRefusal(e)) {
            return refused(e);
        }
        if (e instanceof LookupAbandoned) {
            // Its message names the host (maybe a redirect's, not the tracker's) and how long it was given.
            return unreachable(e);
        }
        if (e instanceof UnknownHostException) {
            return new TrackerException("cannot reach tracker " + tracker + ": unknown host " + e.getMessage(), e);
        }
        return unreachable(e);
    }

    /** Other connect failures ("network is unreachable") keep their own words rather than a wrong "refused". */
    private static boolean isRefusal(IOException e) {
        return e.getMessage() == null || e.getMessage().toLowerCase(Locale.ROOT).contains("refused");
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
