package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakePeerNetwork;
import dev.gorrent.application.service.fakes.FakeSeedConnection;
import dev.gorrent.application.service.fakes.FakeTrackerClient;
import dev.gorrent.application.service.fakes.InMemoryStorage;
import dev.gorrent.application.service.fakes.InMemoryStorageFactory;
import dev.gorrent.application.service.fakes.ManualClock;
import dev.gorrent.application.service.fakes.RecordingEvents;
import dev.gorrent.application.service.fakes.TestTorrent;
import dev.gorrent.domain.peer.PeerAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** One download's worth of fakes around a {@link DownloadService}; the test thread drives it. */
final class Harness implements AutoCloseable {
    /** 40 pieces of two blocks each; the last piece and its last block are short. */
    static final int PIECE_LENGTH = 2 * 16 * 1024;
    static final int TOTAL_LENGTH = 40 * PIECE_LENGTH - 1000;

    final TestTorrent torrent;
    final FakeTrackerClient tracker = new FakeTrackerClient();
    final FakePeerNetwork network;
    final InMemoryStorageFactory storages = new InMemoryStorageFactory();
    final ManualClock clock = new ManualClock();
    final RecordingEvents events = new RecordingEvents();
    final SessionSettings settings = SessionSettings.defaults();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "test-download");
        thread.setDaemon(true);
        return thread;
    });

    Harness(List<List<String>> trackerTiers) {
        this.torrent = TestTorrent.random(42, TOTAL_LENGTH, PIECE_LENGTH, trackerTiers);
        this.network = new FakePeerNetwork(torrent);
    }

    /** A torrent without trackers: peers come from the request. */
    static Harness withoutTrackers() {
        return new Harness(List.of());
    }

    /** Moves the clock on by {@code step}, then waits until a progress event shows that the session saw it. */
    void advanceClockAndAwaitTheSession(Duration step) throws InterruptedException {
        int progressBefore = events.ofType(DownloadEvent.Progress.class).size();
        clock.advance(step);
        awaitTrue(() -> events.ofType(DownloadEvent.Progress.class).size() > progressBefore);
    }

    /** Polls {@code condition} until it holds; fails the test when it does not within 10 s. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    DownloadService service() {
        return new DownloadService(tracker, network, storages, new JdkSha1Digests(), clock, events, settings,
                new SplittableRandom(1));
    }

    DownloadRequest request(PeerAddress... extraPeers) {
        return new DownloadRequest(torrent.metainfo(), Path.of("downloads"), 6881, List.of(extraPeers), false);
    }

    DownloadResult download(PeerAddress... extraPeers) throws Exception {
        return service().download(request(extraPeers));
    }

    /** Runs the download on another thread so the test can act while it runs. */
    Future<DownloadResult> downloadInBackground(PeerAddress... extraPeers) {
        DownloadRequest request = request(extraPeers);
        return background.submit(() -> service().download(request));
    }

    /** Waits for a background download; on time-out fails with what the session reported, to show where it stuck. */
    DownloadResult finish(Future<DownloadResult> download) throws Exception {
        try {
            return download.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            List<DownloadEvent> telling = events.all().stream()
                    .filter(ev -> !(ev instanceof DownloadEvent.Progress)).toList();
            throw new AssertionError("the download did not finish; events: " + telling, e);
        }
    }

    InMemoryStorage storage() {
        return storages.storageFor(torrent.metainfo());
    }

    /** Every connection the session opened is closed once the download returned (reading threads end too). */
    void assertEveryConnectionClosed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!network.connections().stream().allMatch(FakeSeedConnection::isClosed)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(network.connections().stream().allMatch(FakeSeedConnection::isClosed),
                "some peer connection was left open after the download returned");
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
