package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.tracker.net.HostResolver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Announces to HTTP(S) trackers (BEP 3) and scrapes them (BEP 48). Plain {@code http://} trackers, nearly all of
 * them, are asked with a small HTTP/1.1 client of our own ({@link PlainHttpGet}); {@code https://} ones, and
 * redirects to https, with the JDK's client, built only when first needed ({@link JdkHttpGet}), as building it and
 * its first request are the largest part of start-up before the first announce.
 *
 * <p>Thread-safe: any number of threads may call at once; each request has its own connection. The caller's
 * thread waits, and an interrupt ends the wait. Every request is bounded by one deadline, {@link
 * HttpTrackerSettings#timeout()}, for everything from resolving the host name to the last body byte, redirects
 * included, and by {@link HttpTrackerSettings#maxBodyBytes()} in answer size.
 */
public final class HttpTrackerClient implements TrackerClient {
    private final HttpTrackerSettings settings;
    private final PlainHttpGet plain;
    private final JdkHttpGet https;
    private final AnnounceResponseParser parser = new AnnounceResponseParser();
    private final ScrapeResponseParser scrapeParser = new ScrapeResponseParser();

    public HttpTrackerClient() {
        this(HttpTrackerSettings.defaults());
    }

    public HttpTrackerClient(HttpTrackerSettings settings) {
        this(settings, HostResolver.system());
    }

    /** @param resolver resolves the hosts of plain {@code http://} trackers; tests pass one without DNS */
    HttpTrackerClient(HttpTrackerSettings settings, HostResolver resolver) {
        this.settings = settings;
        this.plain = new PlainHttpGet(settings, resolver);
        this.https = new JdkHttpGet(settings);
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
        return parser.parse(get(uri, new TrackerFailures(tracker, request.trackerUrl(), "announce", settings)),
                tracker);
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
        return scrapeParser.parse(get(uri, new TrackerFailures(tracker, trackerUrl, "scrape", settings)), infoHash,
                tracker);
    }

    /** Whether the JDK's client has been built, which only an https request should cause. */
    boolean isHttpsClientBuilt() {
        return https.isClientBuilt();
    }

    /** GETs {@code uri} and returns the body of a 2xx answer. */
    private byte[] get(URI uri, TrackerFailures failures) throws TrackerException {
        Deadline deadline = Deadline.after(settings.timeout());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return https.get(uri, deadline, failures);
        }
        if (!scheme.equals("http")) {
            throw failures.invalidUrl("only http and https trackers are asked over HTTP", null);
        }
        PlainHttpGet.Outcome outcome = plain.get(uri, deadline, failures);
        if (outcome instanceof PlainHttpGet.ToHttps redirect) {
            return https.get(redirect.uri(), deadline, failures);
        }
        return ((PlainHttpGet.Body) outcome).bytes();
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
}
