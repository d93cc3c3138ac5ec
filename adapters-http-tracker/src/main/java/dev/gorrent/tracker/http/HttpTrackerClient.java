package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Announces to HTTP(S) trackers (BEP 3) with the JDK's HTTP client. Thread-safe: the JDK client is,
 * and this class keeps no other state. Every request is bounded in time and in answer size.
 */
public final class HttpTrackerClient implements TrackerClient {
    private final HttpTrackerSettings settings;
    private final HttpClient http;
    private final AnnounceResponseParser parser = new AnnounceResponseParser();

    public HttpTrackerClient() {
        this(HttpTrackerSettings.defaults());
    }

    public HttpTrackerClient(HttpTrackerSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public boolean supports(String trackerUrl) {
        String lower = trackerUrl.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        URI uri = announceUri(request);
        String tracker = uri.getHost() == null ? request.trackerUrl() : uri.getHost() + portSuffix(uri);
        HttpRequest httpRequest = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("User-Agent", settings.userAgent())
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() < 200 || response.statusCode() > 299) {
                    throw new TrackerException("tracker " + tracker + " answered HTTP " + response.statusCode());
                }
                return parser.parse(readCapped(body, tracker), tracker);
            }
        } catch (HttpTimeoutException e) {
            throw new TrackerException("tracker " + tracker + " did not answer within "
                    + settings.timeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new TrackerException("cannot reach tracker " + tracker + ": connection refused", e);
        } catch (IOException e) {
            throw new TrackerException("cannot reach tracker " + tracker + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException("announce to tracker " + tracker + " was interrupted", e);
        }
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
            url.append("&trackerid=").append(PercentEncoding.encode(request.trackerId().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        try {
            return URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new TrackerException("tracker URL " + request.trackerUrl() + " is not valid: " + e.getMessage(), e);
        }
    }

    private byte[] readCapped(InputStream body, String tracker) throws IOException, TrackerException {
        byte[] bytes = body.readNBytes(settings.maxBodyBytes() + 1);
        if (bytes.length > settings.maxBodyBytes()) {
            throw new TrackerException("tracker " + tracker + " answer exceeds " + settings.maxBodyBytes() + " bytes");
        }
        return bytes;
    }

    private static String portSuffix(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
