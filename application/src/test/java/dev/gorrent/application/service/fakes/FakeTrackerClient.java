package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Trackers that answer from a script: per URL a queue of answers or failures, the last one repeating;
 * scrapes have a script of their own. Speaks http and https only. Records every request. Called from the announce
 * thread, scripted and inspected by the test: thread-safe.
 */
public final class FakeTrackerClient implements TrackerClient {
    private final Map<String, Deque<Reply>> scripts = new HashMap<>();
    private final List<AnnounceRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scrapeScripts = new HashMap<>();
    private final List<ScrapeCall> scrapes = new CopyOnWriteArrayList<>();

    /** A plain answer: these peers, re-announce in 30 minutes. */
    public static AnnounceResponse peers(PeerAddress... peers) {
        return new AnnounceResponse(Duration.ofMinutes(30), Duration.ZERO, List.of(peers), "", "");
    }

    /** Queues an answer for {@code url}. */
    public synchronized FakeTrackerClient answer(String url, AnnounceResponse response) {
        scripts.computeIfAbsent(url, u -> new ArrayDeque<>()).add(new Answer(response));
        return this;
    }

    /** Queues a failure for {@code url}. */
    public synchronized FakeTrackerClient fail(String url, String message) {
        scripts.computeIfAbsent(url, u -> new ArrayDeque<>()).add(new Failure(message));
        return this;
    }

    /** Queues scrape counts for {@code url}. */
    public synchronized FakeTrackerClient scrapeAnswer(String url, ScrapeResponse counts) {
        scrapeScripts.computeIfAbsent(url, u -> new ArrayDeque<>()).add(new Counts(counts));
        return this;
    }

    /** Queues a scrape failure for {@code url}. */
    public synchronized FakeTrackerClient scrapeFail(String url, String message) {
        scrapeScripts.computeIfAbsent(url, u -> new ArrayDeque<>()).add(new Failure(message));
        return this;
    }

    @Override
    public boolean supports(String trackerUrl) {
        return trackerUrl.startsWith("http://") || trackerUrl.startsWith("https://");
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        requests.add(request);
        Reply reply = next(request.trackerUrl());
        if (reply instanceof Failure failure) {
            throw new TrackerException(failure.message());
        }
        return ((Answer) reply).response();
    }

    @Override
    public ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException {
        scrapes.add(new ScrapeCall(trackerUrl, infoHash));
        Reply reply = next(scrapeScripts, trackerUrl);
        if (reply instanceof Failure failure) {
            throw new TrackerException(failure.message());
        }
        return ((Counts) reply).counts();
    }

    private synchronized Reply next(String url) {
        return next(scripts, url);
    }

    private synchronized Reply next(Map<String, Deque<Reply>> byUrl, String url) {
        Deque<Reply> script = byUrl.get(url);
        if (script == null || script.isEmpty()) {
            return new Failure("nothing scripted for " + url);
        }
        return script.size() > 1 ? script.poll() : script.peek();
    }

    public List<AnnounceRequest> requests() {
        return List.copyOf(requests);
    }

    /** The URLs announced to, in order. */
    public List<String> urlsAsked() {
        return requests.stream().map(AnnounceRequest::trackerUrl).toList();
    }

    /** The scrapes asked for, in order. */
    public List<ScrapeCall> scrapes() {
        return List.copyOf(scrapes);
    }

    /** One scrape asked of the fake. */
    public record ScrapeCall(String trackerUrl, InfoHash infoHash) {
    }

    /** One scripted reply. */
    private sealed interface Reply permits Answer, Counts, Failure {
    }

    private record Counts(ScrapeResponse counts) implements Reply {
    }

    private record Answer(AnnounceResponse response) implements Reply {
    }

    private record Failure(String message) implements Reply {
    }
}
