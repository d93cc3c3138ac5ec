package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakeTrackerClient;
import dev.gorrent.application.service.fakes.RecordingEvents;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AnnouncerTest {
    private static final String URL = "http://tracker.test/announce";
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;
    private static final PeerAddress PEER = new PeerAddress("127.0.0.9", 6881);
    private static final InfoHash INFO_HASH = InfoHash.of(new byte[20]);
    private static final PeerId OUR_ID = PeerId.of(new byte[20]);

    private final ExecutorService announcePool = Executors.newSingleThreadExecutor();
    private final SessionQueue queue = new SessionQueue(16, 16);
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTrackerClient client = new FakeTrackerClient();

    @AfterEach
    void stopThePool() {
        announcePool.shutdownNow();
    }

    private Announcer announcer(List<List<String>> tiers) {
        return new Announcer(new TrackerTiers(tiers, client, new SplittableRandom(5)), T0, announcePool, queue, events,
                INFO_HASH, OUR_ID, false);
    }

    private Announcer announcer() {
        return announcer(List.of(List.of(URL)));
    }

    /** Starts an announce and waits for its outcome to come back through the queue, as the session does. */
    private List<PeerAddress> announceAndTakeAnswer(Announcer announcer, long now, Announcer.Totals totals)
            throws InterruptedException {
        announcer.start(now, totals);
        SessionEvent event = queue.poll(10_000);
        assertNotNull(event, "the announce's outcome never came back");
        return announcer.onAnnounced(assertInstanceOf(SessionEvent.Announced.class, event).outcome(), now);
    }

    private AnnounceRequest lastRequest() {
        List<AnnounceRequest> requests = client.requests();
        return requests.get(requests.size() - 1);
    }

    @Test
    void theFirstAnnounceIsDueAtOnceSaysStartedAndBringsThePeers() throws Exception {
        client.answer(URL, new AnnounceResponse(Duration.ofMinutes(30), Duration.ZERO, List.of(PEER), "id-7", ""));
        Announcer announcer = announcer();
        assertTrue(announcer.isDue(T0, false));

        List<PeerAddress> peers = announceAndTakeAnswer(announcer, T0, new Announcer.Totals(11, 22, 33, 6999));

        assertEquals(List.of(PEER), peers);
        assertEquals(new AnnounceRequest(URL, INFO_HASH, OUR_ID, 6999, 11, 22, 33, AnnounceEvent.STARTED, 50, ""),
                lastRequest());
        assertEquals(List.of(new DownloadEvent.TrackerAnnounced(URL, 1)),
                events.ofType(DownloadEvent.TrackerAnnounced.class));
    }

    @Test
    void theNextAnnounceWaitsForTheIntervalCarriesNoEventAndSendsTheTrackerIdBack() throws Exception {
        client.answer(URL, new AnnounceResponse(Duration.ofMinutes(30), Duration.ZERO, List.of(PEER), "id-7", ""));
        Announcer announcer = announcer();
        announceAndTakeAnswer(announcer, T0, new Announcer.Totals(0, 0, 100, 6881));

        assertFalse(announcer.isDue(T0 + 29 * 60 * SECOND, false));
        assertTrue(announcer.isDue(T0 + 30 * 60 * SECOND, false));
        announceAndTakeAnswer(announcer, T0 + 30 * 60 * SECOND, new Announcer.Totals(0, 100, 0, 6881));

        assertEquals(AnnounceEvent.NONE, lastRequest().event());
        assertEquals("id-7", lastRequest().trackerId());
    }

    @Test
    void aSessionOutOfPeersMayAnnounceEarlyOnceTheMinIntervalHasPassed() throws Exception {
        client.answer(URL, new AnnounceResponse(Duration.ofMinutes(30), Duration.ofSeconds(60), List.of(), "", ""));
        Announcer announcer = announcer();
        announceAndTakeAnswer(announcer, T0, new Announcer.Totals(0, 0, 100, 6881));

        assertFalse(announcer.isDue(T0 + 59 * SECOND, true), "not before the tracker's min interval");
        assertFalse(announcer.isDue(T0 + 61 * SECOND, false), "not early when not starving");
        assertTrue(announcer.isDue(T0 + 61 * SECOND, true));
    }

    @Test
    void anAnnounceThatReachesNoTrackerIsShownAndRetriedWithItsEventAfterABackOff() throws Exception {
        client.fail(URL, "connection refused").answer(URL, FakeTrackerClient.peers(PEER));
        Announcer announcer = announcer();

        assertEquals(List.of(), announceAndTakeAnswer(announcer, T0, new Announcer.Totals(0, 0, 100, 6881)));
        assertEquals(List.of(new DownloadEvent.TrackerProblem(URL, "connection refused")),
                events.ofType(DownloadEvent.TrackerProblem.class));
        assertFalse(announcer.isDue(T0 + SECOND, false));
        assertTrue(announcer.isDue(T0 + 15 * SECOND, false));

        assertEquals(List.of(PEER), announceAndTakeAnswer(announcer, T0 + 15 * SECOND,
                new Announcer.Totals(0, 0, 100, 6881)));
        assertEquals(AnnounceEvent.STARTED, lastRequest().event(), "the tracker must still hear that we started");
    }

    @Test
    void completingWhileSeedingIsAnnouncedAtOnceWithoutWaitingForTheInterval() throws Exception {
        client.answer(URL, FakeTrackerClient.peers());
        Announcer announcer = announcer();
        announceAndTakeAnswer(announcer, T0, new Announcer.Totals(0, 0, 100, 6881));
        assertFalse(announcer.isDue(T0 + SECOND, false));

        announcer.completedWhileSeeding();

        assertTrue(announcer.isDue(T0 + SECOND, false));
        announceAndTakeAnswer(announcer, T0 + SECOND, new Announcer.Totals(0, 100, 0, 6881));
        assertEquals(AnnounceEvent.COMPLETED, lastRequest().event());
        assertEquals(0, lastRequest().left());
    }

    @Test
    void theLastAnnounceIsSentOnlyAfterAFirstOneAndAsksForNoPeersWhenStopping() throws Exception {
        client.answer(URL, FakeTrackerClient.peers());
        Announcer announcer = announcer();

        announcer.announceAtEnd(AnnounceEvent.STOPPED, new Announcer.Totals(0, 0, 100, 6881), Duration.ofSeconds(5));
        assertEquals(List.of(), client.requests(), "a tracker that never heard 'started' is not told 'stopped'");

        announceAndTakeAnswer(announcer, T0, new Announcer.Totals(0, 0, 100, 6881));
        announcer.announceAtEnd(AnnounceEvent.STOPPED, new Announcer.Totals(5, 6, 7, 6881), Duration.ofSeconds(5));

        assertEquals(new AnnounceRequest(URL, INFO_HASH, OUR_ID, 6881, 5, 6, 7, AnnounceEvent.STOPPED, 0, ""),
                lastRequest());
    }

    @Test
    void aTorrentWithoutTrackersIsNeverDue() {
        Announcer announcer = announcer(List.of());

        assertFalse(announcer.hasTrackers());
        assertFalse(announcer.isDue(T0, true));
    }
}
