package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.TrackerException;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GETs {@code https://} URLs with the JDK's HTTP client. The client is built on first use: building it loads the
 * TLS machinery and the trust store (about 0.2 s), which a run that meets only plain-HTTP trackers never needs.
 * Thread-safe: the JDK client is, and it is built once, under a lock, then published through a volatile field.
 */
final class JdkHttpGet {
    private final HttpTrackerSettings settings;
    private volatile HttpClient client;

    JdkHttpGet(HttpTrackerSettings settings) {
        this.settings = settings;
    }

    boolean isClientBuilt() {
        return client != null;
    }

    /**
     * GETs {@code uri} and returns the body of a 2xx answer, all before {@code deadline}.
     *
     * @throws TrackerException when the answer is not a 2xx one or the exchange fails, worded by {@code failures}
     */
    byte[] get(URI uri, Deadline deadline, TrackerFailures failures) throws TrackerException {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw failures.didNotAnswer(null);
        }
        HttpRequest httpRequest;
        try {
            httpRequest = HttpRequest.newBuilder(uri)
                    .timeout(left)
                    .header("User-Agent", settings.userAgent())
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw failures.invalidUrl(e.getMessage(), e);
        }
        AtomicBoolean tooLong = new AtomicBoolean();
        HttpResponse<byte[]> response;
        try {
            response = await(client().sendAsync(httpRequest,
                    info -> new CappedBodySubscriber(settings.maxBodyBytes(), tooLong)), deadline, failures);
        } catch (TrackerException e) {
            // Our own cancel of an over-long body can surface as a failed exchange; name the real cause.
            throw tooLong.get() ? failures.bodyTooLong() : e;
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw failures.status(response.statusCode());
        }
        if (tooLong.get()) {
            throw failures.bodyTooLong();
        }
        return response.body();
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            // Trackers speak HTTP/1.x; the JDK's default h2c upgrade attempt only adds a way to fail.
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(settings.timeout())
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /**
     * Waits for headers and body together. The request timeout alone stops at the headers, so a tracker
     * that then trickles its body would hold the caller forever; the deadline covers the whole answer.
     */
    private static HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> pending, Deadline deadline,
                                              TrackerFailures failures) throws TrackerException {
        try {
            return pending.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw failures.didNotAnswer(e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw failures.interrupted(e);
        } catch (ExecutionException e) {
            throw failure(failures, e.getCause() == null ? e : e.getCause());
        }
    }

    private static TrackerException failure(TrackerFailures failures, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return failures.didNotAnswer(cause);
        }
        if (cause instanceof ConnectException) {
            return failures.refused(cause);
        }
        return failures.unreachable(cause);
    }
}
