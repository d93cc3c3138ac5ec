package dev.gorrent.application.service;

import dev.gorrent.application.port.in.ScrapeTorrentUseCase;
import dev.gorrent.application.port.in.TrackerScrape;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrapes all of a torrent's trackers in parallel, so that a dead tracker costs its own timeout once instead of
 * delaying every tracker after it.
 *
 * <p>Threads: each call starts its own pool of at most {@value #MAX_PARALLEL} daemon threads, one tracker per task,
 * and shuts it down before returning; the calling thread only waits on the tasks' futures. A tracker still blocked
 * in its client when the patience runs out is interrupted and abandoned: being a daemon, its thread can never keep
 * the process alive, and the client's own timeout ends it.
 */
public final class ScrapeService implements ScrapeTorrentUseCase {
    /** Enough to scrape a typical torrent's trackers at once without starting a thread per URL of a huge list. */
    static final int MAX_PARALLEL = 8;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final TrackerClient client;

    public ScrapeService(TrackerClient client) {
        this.client = client;
    }

    @Override
    public List<TrackerScrape> scrape(Metainfo metainfo, Duration patience) throws InterruptedException {
        if (patience.isNegative() || patience.isZero()) {
            throw new IllegalArgumentException("scrape patience must be positive, got " + patience);
        }
        Map<String, Integer> tierOfUrl = firstTierOfEachUrl(metainfo);
        if (tierOfUrl.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(tierOfUrl.size(), MAX_PARALLEL), daemonThreads());
        try {
            Map<String, Future<ScrapeResponse>> pending = new LinkedHashMap<>();
            InfoHash infoHash = metainfo.infoHash();
            tierOfUrl.keySet().forEach(url -> pending.put(url, pool.submit(() -> client.scrape(url, infoHash))));
            long deadline = System.nanoTime() + patience.toNanos();
            List<TrackerScrape> results = new ArrayList<>(pending.size());
            for (Map.Entry<String, Future<ScrapeResponse>> entry : pending.entrySet()) {
                String url = entry.getKey();
                results.add(new TrackerScrape(tierOfUrl.get(url), url, outcome(entry.getValue(), deadline, patience)));
            }
            return List.copyOf(results);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every URL once, with the number (from 1) of the first tier that lists it, in the torrent's order. */
    private static Map<String, Integer> firstTierOfEachUrl(Metainfo metainfo) {
        Map<String, Integer> tierOfUrl = new LinkedHashMap<>();
        List<List<String>> tiers = metainfo.trackerTiers();
        for (int tier = 0; tier < tiers.size(); tier++) {
            for (String url : tiers.get(tier)) {
                tierOfUrl.putIfAbsent(url, tier + 1);
            }
        }
        return tierOfUrl;
    }

    private static TrackerScrape.Outcome outcome(Future<ScrapeResponse> answer, long deadline, Duration patience)
            throws InterruptedException {
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            return new TrackerScrape.Counted(answer.get(remaining, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new TrackerScrape.Failed("no answer within " + describe(patience));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TrackerException failure) {
                return new TrackerScrape.Failed(failure.getMessage());
            }
            // A bug in one client should not cost the user the other trackers' answers, but it must show as a bug.
            return new TrackerScrape.Failed("internal error while scraping: " + cause);
        }
    }

    private static String describe(Duration patience) {
        return patience.toMillis() % 1000 == 0 ? patience.toSeconds() + " s" : patience.toMillis() + " ms";
    }

    private static ThreadFactory daemonThreads() {
        String prefix = "gorrent-scrape-" + POOLS.incrementAndGet() + "-";
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
