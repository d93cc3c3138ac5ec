package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.in.SeedRequest;
import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.FakePeerNetwork;
import dev.gorrent.application.service.fakes.FakeTrackerClient;
import dev.gorrent.application.service.fakes.InMemoryStorage;
import dev.gorrent.application.service.fakes.InMemoryStorageFactory;
import dev.gorrent.application.service.fakes.ManualClock;
import dev.gorrent.application.service.fakes.RecordingEvents;
import dev.gorrent.application.service.fakes.TestTorrent;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.piece.Bitfield;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Fakes around the download and seed services for one torrent with one tracker, and the services run
 * on threads a test can interrupt. The session's clock is {@link #clock}: it moves only when a test
 * moves it, so choke rounds, periodic resume records and re-announces happen only then.
 */
final class ServiceRig implements AutoCloseable {
    static final String TRACKER = "http://tracker.test/announce";
    static final int PORT = 6881;
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Polls {@code condition} until it holds or {@code within} has passed; tells which. */
    static boolean waitUntil(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
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
    private final List<BackgroundCall<?>> calls = new ArrayList<>();
    private int nextLeecherHost = 1;

    private ServiceRig(int totalLength, int pieceLength) {
        this.torrent = TestTorrent.random(42, totalLength, pieceLength, List.of(List.of(TRACKER)));
        this.network = new FakePeerNetwork(torrent);
    }

    /** The usual small torrent. */
    static ServiceRig standard() {
        return new ServiceRig(TOTAL_LENGTH, PIECE_LENGTH);
    }

    /** A torrent of the given shape. */
    static ServiceRig withPieces(int totalLength, int pieceLength) {
        return new ServiceRig(totalLength, pieceLength);
    }

    /** Every announce gets these peers, and is asked to come back in 30 minutes. */
    ServiceRig trackerAnswers(PeerAddress... peers) {
        tracker.answer(TRACKER, FakeTrackerClient.peers(peers));
        return this;
    }

    InMemoryStorage storage() {
        return storages.storageFor(torrent.metainfo());
    }

    /** Puts these pieces' correct bytes in storage, as a finished earlier run would have left them. */
    ServiceRig preload(Set<Integer> pieces) {
        for (int piece : pieces) {
            storage().preload(piece, torrent.piece(piece));
        }
        return this;
    }

    ServiceRig preloadAll() {
        return preload(allPieces());
    }

    Set<Integer> allPieces() {
        return Set.copyOf(IntStream.range(0, torrent.pieceCount()).boxed().toList());
    }

    Bitfield bitfieldOf(Set<Integer> pieces) {
        Bitfield bits = new Bitfield(torrent.pieceCount());
        pieces.forEach(bits::set);
        return bits;
    }

    SeedService seedService() {
        return new SeedService(tracker, network, storages, new JdkSha1Digests(), clock, events, settings,
                new SplittableRandom(1));
    }

    DownloadService downloadService() {
        return new DownloadService(tracker, network, storages, new JdkSha1Digests(), clock, events, settings,
                new SplittableRandom(1));
    }

    BackgroundCall<SeedResult> startSeeding() {
        SeedRequest request = new SeedRequest(torrent.metainfo(), Path.of("seeding"), PORT);
        return remember(BackgroundCall.start("test-seed", () -> seedService().seed(request)));
    }

    BackgroundCall<DownloadResult> startDownload(boolean keepSeeding, PeerAddress... extraPeers) {
        DownloadRequest request = new DownloadRequest(torrent.metainfo(), Path.of("downloads"), PORT,
                List.of(extraPeers), keepSeeding);
        return remember(BackgroundCall.start("test-download", () -> downloadService().download(request)));
    }

    private <T> BackgroundCall<T> remember(BackgroundCall<T> call) {
        calls.add(call);
        return call;
    }

    /** Waits until the session listens, then returns what it handed the network for incoming peers. */
    IncomingPeers awaitListening() throws InterruptedException {
        events.await(DownloadEvent.Listening.class, listening -> true, WAIT);
        return network.incoming();
    }

    /** A fresh address for a peer that connects to us. */
    PeerAddress nextLeecherAddress() {
        return new PeerAddress("127.0.1." + nextLeecherHost++, 51413);
    }

    FakeLeecherConnection downloadingLeecher() {
        return FakeLeecherConnection.downloading(nextLeecherAddress(), torrent);
    }

    FakeLeecherConnection scriptedLeecher() {
        return FakeLeecherConnection.scripted(nextLeecherAddress(), torrent);
    }

    /** Connects the leecher to the listening session, as the network adapter does after the handshake. */
    FakeLeecherConnection connect(FakeLeecherConnection leecher) throws InterruptedException {
        awaitListening().accepted(leecher);
        return leecher;
    }

    List<AnnounceEvent> announcedEvents() {
        return tracker.requests().stream().map(AnnounceRequest::event).toList();
    }

    /** Waits until the tracker heard this event; fails the test with what it heard when it does not. */
    AnnounceRequest awaitAnnounce(AnnounceEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (AnnounceRequest request : tracker.requests()) {
                if (request.event() == event) {
                    return request;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tracker never heard " + event + "; it heard " + announcedEvents());
            }
            Thread.sleep(10);
        }
    }

    /** Events worth showing when a test fails: everything but the periodic progress. */
    List<DownloadEvent> telling() {
        return events.all().stream().filter(e -> !(e instanceof DownloadEvent.Progress)).toList();
    }

    @Override
    public void close() {
        calls.forEach(BackgroundCall::interrupt);
    }
}
