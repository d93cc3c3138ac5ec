package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Announces to HTTP(S) trackers (BEP 3) and scrapes them (BEP 48) with the JDK's HTTP client. Thread-safe: the
 * JDK client is, and this class keeps no other state. The caller's thread waits; the JDK client's own threads read the
 * answer. Every request is bounded in time (headers and body together) and in answer size.
 *
 * <p>The JDK client is built on a daemon thread of its own as soon as this object is, because building it
 * loads the TLS machinery and the trust store (about 0.2 s): that overlaps with the rest of start-up instead
 * of delaying the first announce.
 */
public final class HttpTrackerClient implements TrackerClient {
    private final HttpTrackerSettings settings;
    private final CompletableFuture<HttpClient> http;
    private final AnnounceResponseParser parser = new AnnounceResponseParser();
    private final ScrapeResponseParser scrapeParser = new ScrapeResponseParser();

    public HttpTrackerClient() {
        this(HttpTrackerSettings.defaults());
    }

    public HttpTrackerClient(HttpTrackerSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Trackers speak HTTP/1.x; the JDK's default h2c upgrade attempt only adds a way to fail.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        this.http = CompletableFuture.supplyAsync(builder::build, HttpTrackerClient::startDaemon);
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "gorrent-http-client-init");
        thread.setDaemon(true);
        thread.start();
    }

    /** The JDK client, once built; building fails only when the runtime itself is broken. */
    private HttpClient http() {
        return http.join();
    }

    @Override
    public boolean supports(String trackerUrl) {
        String lower = trackerUrl.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        URI uri = announceUri(request);
        String tracker = nameOf(uri, request.trackerUrl());
        return parser.parse(get(uri, tracker, request.trackerUrl(), "announce"), tracker);
    }

    /**
     * Scrapes per BEP 48: the announce URL's last path segment "announce..." becomes "scrape...", with the
     * info-hash added to the query.
     *
     * @throws TrackerException also when the announce URL does not follow that convention, so cannot be scraped
     */
    @Override
    public ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException {
        Optional<String> scrapeUrl = ScrapeUrl.of(trackerUrl);
        if (scrapeUrl.isEmpty()) {
            throw new TrackerException("tracker " + trackerUrl + " does not support scrape: the last segment of"
                    + " its announce URL's path does not start with 'announce' (BEP 48)");
        }
        String url = scrapeUrl.get() + (scrapeUrl.get().indexOf('?') >= 0 ? '&' : '?')
                + "info_hash=" + PercentEncoding.encode(infoHash.toBytes());
        URI uri = parse(url, trackerUrl);
        String tracker = nameOf(uri, trackerUrl);
        return scrapeParser.parse(get(uri, tracker, trackerUrl, "scrape"), infoHash, tracker);
    }

    /** GETs {@code uri} and returns the body of a 2xx answer; {@code what} names the request in messages. */
    private byte[] get(URI uri, String tracker, String trackerUrl, String what) throws TrackerException {
        HttpRequest httpRequest;
        try {
            httpRequest = HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("User-Agent", settings.userAgent())
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new TrackerException("tracker URL " + trackerUrl + " is not valid: " + e.getMessage(), e);
        }
        AtomicBoolean tooLong = new AtomicBoolean();
        HttpResponse<byte[]> response;
        try {
            response = await(http().sendAsync(httpRequest,
                    info -> new CappedBodySubscriber(settings.maxBodyBytes(), tooLong)), tracker, what);
        } catch (TrackerException e) {
            // Our own cancel of an over-long body can surface as a failed exchange; name the real cause.
            throw tooLong.get() ? bodyTooLong(tracker) : e;
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new TrackerException("tracker " + tracker + " answered HTTP " + response.statusCode());
        }
        if (tooLong.get()) {
            throw bodyTooLong(tracker);
        }
        return response.body();
    }

    /**
     * Waits for headers and body together. The request timeout alone stops at the headers, so a tracker
     * that then trickles its body would hold the caller forever; this deadline covers the whole answer.
     */
    private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> pending, String tracker, String what)
            throws TrackerException {
        try {
            return pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw didNotAnswer(tracker, e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new TrackerException(what + " to tracker " + tracker + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failure(tracker, e.getCause() == null ? e : e.getCause());
        }
    }

    private TrackerException failure(String tracker, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return didNotAnswer(tracker, cause);
        }
        if (cause instanceof ConnectException) {
            return new TrackerException("cannot reach tracker " + tracker + ": connection refused", cause);
        }
        return new TrackerException("cannot reach tracker " + tracker + ": " + describe(cause), cause);
    }

    private TrackerException bodyTooLong(String tracker) {
        return new TrackerException("tracker " + tracker + " answer exceeds " + settings.maxBodyBytes() + " bytes");
    }

    private TrackerException didNotAnswer(String tracker, Throwable cause) {
        Duration timeout = settings.timeout();
        String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new TrackerException("tracker " + tracker + " did not answer within " + limit, cause);
    }

    /** The announce URL with the BEP 3 query appended (after any query the URL already has). */
    URI announceUri(AnnounceRequest request) throws TrackerException {
        StringBuilder url = new StringBuilder(request.trackerUrl());
        url.append(request.trackerUrl().indexOf('?') >= 0 ? '&' : '?');
        url.append("info_hash=").append(PercentEncoding.encode(request.infoHash().toBytes()));
        url.append("&peer_id=").append(PercentEncoding.encode(request.peerId().toBytes()));
        url.append("&port=").append(request.port());
        url.append("&uploaded=").append(request.uploaded());
        url.append("&downloaded=").append(request.downloaded());
        url.append("&left=").append(request.left());
        url.append("&compact=1");
        url.append("&numwant=").append(request.numWant());
        if (request.event() != AnnounceEvent.NONE) {
            url.append("&event=").append(request.event().wireName());
        }
        if (!request.trackerId().isEmpty()) {
            byte[] trackerId = request.trackerId().getBytes(StandardCharsets.UTF_8);
            url.append("&trackerid=").append(PercentEncoding.encode(trackerId));
        }
        return parse(url.toString(), request.trackerUrl());
    }

    private static URI parse(String url, String trackerUrl) throws TrackerException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new TrackerException("tracker URL " + trackerUrl + " is not valid: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for messages, or the URL as given when it has no host. */
    private static String nameOf(URI uri, String trackerUrl) {
        return uri.getHost() == null ? trackerUrl : uri.getHost() + portSuffix(uri);
    }

    private static String portSuffix(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
