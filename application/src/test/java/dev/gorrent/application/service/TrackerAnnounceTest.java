package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.SeedScript;
import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.gorrent.application.service.fakes.FakeTrackerClient.peers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a download talks to its trackers, end to end through {@link DownloadService}. */
@Timeout(30)
class TrackerAnnounceTest {
    private static final String TRACKER = "http://tracker.test/announce";
    private static final String FIRST_TIER = "http://first.test/announce";
    private static final String SECOND_TIER = "http://second.test/announce";

    @Test
    void announcesStartedThenCompletedThenStopped() throws Exception {
        try (Harness h = new Harness(List.of(List.of(TRACKER)))) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));
            h.tracker.answer(TRACKER, peers(seed));

            h.download();

            List<AnnounceRequest> requests = h.tracker.requests();
            assertEquals(List.of(AnnounceEvent.STARTED, AnnounceEvent.COMPLETED, AnnounceEvent.STOPPED),
                    requests.stream().map(AnnounceRequest::event).toList());
            AnnounceRequest started = requests.get(0);
            assertEquals(Harness.TOTAL_LENGTH, started.left());
            assertEquals(0, started.downloaded());
            assertEquals(h.torrent.metainfo().infoHash(), started.infoHash());
            assertEquals(6881, started.port());
            AnnounceRequest completed = requests.get(1);
            assertEquals(0, completed.left());
            assertEquals(Harness.TOTAL_LENGTH, completed.downloaded());
            assertEquals(0, requests.get(2).left());
            assertTrue(requests.stream().allMatch(r -> r.peerId().equals(started.peerId())), "peer id changed");
            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(List.of(new DownloadEvent.TrackerAnnounced(TRACKER, 1)),
                    h.events.ofType(DownloadEvent.TrackerAnnounced.class));
        }
    }

    @Test
    void sendsBackTheTrackerIdItWasGiven() throws Exception {
        try (Harness h = new Harness(List.of(List.of(TRACKER)))) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));
            h.tracker.answer(TRACKER, new AnnounceResponse(Duration.ofMinutes(30), Duration.ZERO, List.of(seed),
                    "tracker-id-7", ""));

            h.download();

            List<AnnounceRequest> requests = h.tracker.requests();
            assertEquals("", requests.get(0).trackerId());
            assertTrue(requests.subList(1, requests.size()).stream()
                            .allMatch(r -> r.trackerId().equals("tracker-id-7")),
                    "later announces: " + requests);
        }
    }

    @Test
    void aFailingFirstTierFallsOverToTheSecond() throws Exception {
        try (Harness h = new Harness(List.of(List.of(FIRST_TIER), List.of(SECOND_TIER)))) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));
            h.tracker.fail(FIRST_TIER, "connection refused by first.test");
            h.tracker.answer(SECOND_TIER, peers(seed));

            h.download();

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            List<String> asked = h.tracker.urlsAsked();
            assertEquals(List.of(FIRST_TIER, SECOND_TIER), asked.subList(0, 2));
            assertEquals(AnnounceEvent.STARTED, h.tracker.requests().get(1).event());
            assertTrue(h.events.ofType(DownloadEvent.TrackerProblem.class)
                            .contains(new DownloadEvent.TrackerProblem(FIRST_TIER, "connection refused by first.test")),
                    "problems: " + h.events.ofType(DownloadEvent.TrackerProblem.class));
            assertEquals(List.of(new DownloadEvent.TrackerAnnounced(SECOND_TIER, 1)),
                    h.events.ofType(DownloadEvent.TrackerAnnounced.class));
        }
    }

    @Test
    void aTrackerWarningIsReportedAndTheDownloadGoesOn() throws Exception {
        try (Harness h = new Harness(List.of(List.of(TRACKER)))) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));
            h.tracker.answer(TRACKER, new AnnounceResponse(Duration.ofMinutes(30), Duration.ZERO, List.of(seed), "",
                    "this tracker moves soon"));

            h.download();

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertTrue(h.events.ofType(DownloadEvent.TrackerProblem.class)
                    .contains(new DownloadEvent.TrackerProblem(TRACKER, "this tracker moves soon")));
        }
    }

    @Test
    void usesTrackerPeersAndExtraPeersTogether() throws Exception {
        try (Harness h = new Harness(List.of(List.of(TRACKER)))) {
            int count = h.torrent.pieceCount();
            PeerAddress fromTracker = h.network.add(
                    SeedScript.withPieces(DownloadServiceTest.piecesWhere(count, p -> p < 20)));
            PeerAddress fromUser = h.network.add(
                    SeedScript.withPieces(DownloadServiceTest.piecesWhere(count, p -> p >= 20)));
            h.tracker.answer(TRACKER, peers(fromTracker));

            h.download(fromUser);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.stats(fromTracker).connects());
            assertEquals(1, h.network.stats(fromUser).connects());
        }
    }
}
