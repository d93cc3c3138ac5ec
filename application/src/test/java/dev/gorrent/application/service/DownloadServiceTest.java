package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.Gate;
import dev.gorrent.application.service.fakes.SeedScript;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.gorrent.application.service.Harness.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole downloads through {@link DownloadService} against in-memory peers and storage. */
@Timeout(30)
class DownloadServiceTest {

    @Test
    void downloadsEverythingFromOneSeed() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            DownloadResult result = h.download(seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(Harness.TOTAL_LENGTH, result.totalBytes());
            assertEquals(0, result.alreadyVerifiedBytes());
            assertEquals(Harness.TOTAL_LENGTH, result.downloadedBytes(), "one seed: every block exactly once");
            assertEquals(h.torrent.pieceCount(), h.storage().writtenPieces().size());
            assertEquals(Optional.empty(), h.storage().pieceWrittenTwice());
            assertEquals(List.of(), h.network.stats(seed).violations());
            assertEquals(1, h.events.ofType(DownloadEvent.Completed.class).size());
            h.assertEveryConnectionClosed();
        }
    }

    @Test
    void handsEveryReceivedBlockBackToItsConnection() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(seed);

            assertEquals(h.network.stats(seed).served().size(), h.network.stats(seed).releasedBlocks(),
                    "each block's array goes back for reuse once its piece is stored");
        }
    }

    @Test
    void tellsPeersAboutEveryVerifiedPiece() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(seed);

            Set<Integer> haves = new HashSet<>(h.network.stats(seed).havesFromSession());
            assertEquals(allPieces(h), haves);
        }
    }

    @Test
    void combinesThreeSeedsThatEachHaveDifferentPieces() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress first = h.network.add(SeedScript.withPieces(piecesWhere(count, p -> p % 3 == 0)));
            PeerAddress second = h.network.add(SeedScript.withPieces(piecesWhere(count, p -> p % 3 == 1)));
            PeerAddress third = h.network.add(SeedScript.withPieces(piecesWhere(count, p -> p % 3 == 2))
                    .announcingWithHave());

            h.download(first, second, third);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            for (PeerAddress peer : List.of(first, second, third)) {
                assertEquals(List.of(), h.network.stats(peer).violations(), "asked a peer for what it lacks");
            }
            assertEquals(piecesWhere(count, p -> p % 3 == 2), h.network.stats(third).requestedPieces(),
                    "pieces announced with HAVE are fetched from that peer");
        }
    }

    @Test
    void completeDataReturnsAtOnceWithoutTrackerOrPeers() throws Exception {
        try (Harness h = new Harness(List.of(List.of("http://tracker.test/announce")))) {
            for (int piece = 0; piece < h.torrent.pieceCount(); piece++) {
                h.storage().preload(piece, h.torrent.piece(piece));
            }
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            DownloadResult result = h.download(seed);

            assertEquals(0, result.downloadedBytes());
            assertEquals(Harness.TOTAL_LENGTH, result.alreadyVerifiedBytes());
            assertEquals(List.of(), h.tracker.requests());
            assertEquals(0, h.network.stats(seed).connects());
            assertEquals(List.of(), h.storage().writtenPieces());
            DownloadEvent.Checked checked = h.events.ofType(DownloadEvent.Checked.class).get(0);
            assertEquals(h.torrent.pieceCount(), checked.verifiedPieces());
        }
    }

    @Test
    void keepsVerifiedDataAndFetchesOnlyMissingOrDamagedPieces() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            Set<Integer> kept = piecesWhere(count, p -> p % 2 == 0);
            long keptBytes = 0;
            for (int piece : kept) {
                h.storage().preload(piece, h.torrent.piece(piece));
                keptBytes += h.torrent.geometry().pieceSize(piece);
            }
            // Present but wrong (e.g. a crash mid-write): must be fetched again, not trusted.
            byte[] damaged = h.torrent.piece(1);
            damaged[0] ^= 1;
            h.storage().preload(1, damaged);
            PeerAddress seed = h.network.add(SeedScript.seed(count));

            DownloadResult result = h.download(seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(keptBytes, result.alreadyVerifiedBytes());
            assertEquals(Harness.TOTAL_LENGTH - keptBytes, result.downloadedBytes());
            assertEquals(piecesWhere(count, p -> p % 2 == 1), h.network.stats(seed).requestedPieces());
            assertTrue(h.storage().writtenPieces().stream().noneMatch(kept::contains), "rewrote a kept piece");
        }
    }

    @Test
    void keepsSeveralRequestsInFlightToOnePeer() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(seed);

            int most = h.network.stats(seed).maxOutstanding();
            assertTrue(most >= h.settings.minPipeline(),
                    "at most " + most + " requests were in flight at once; expected at least "
                            + h.settings.minPipeline());
        }
    }

    @Test
    void usesExtraPeersWhenTheTorrentHasNoTracker() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.stats(seed).connects());
            assertEquals(List.of(), h.tracker.requests());
        }
    }

    @Test
    void refusesWhenThereIsNeitherTrackerNorPeer() {
        try (Harness h = Harness.withoutTrackers()) {
            DownloadException e = assertThrows(DownloadException.class, h::download);

            assertTrue(e.getMessage().contains("no tracker"), e.getMessage());
            assertTrue(e.getMessage().contains("--peer"), e.getMessage());
            assertEquals(0, h.network.connections().size());
        }
    }

    @Test
    void refusesWhenNoTrackerSpeaksASupportedScheme() {
        try (Harness h = new Harness(List.of(List.of("udp://tracker.test:80")))) {
            DownloadException e = assertThrows(DownloadException.class, h::download);

            assertTrue(e.getMessage().contains("udp://tracker.test:80"), e.getMessage());
            assertEquals(List.of(), h.tracker.requests());
        }
    }

    @Test
    void failsWithTheStorageProblemWhenWritingFails() {
        try (Harness h = Harness.withoutTrackers()) {
            h.storage().failWritesWith("no space left on device writing content-42.bin");
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            DownloadException e = assertThrows(DownloadException.class, () -> h.download(seed));

            assertTrue(e.getMessage().contains("no space left on device writing content-42.bin"), e.getMessage());
            assertTrue(h.storage().isClosed(), "storage is closed after a failed download");
        }
    }

    @Test
    void aConnectedPeerThatSendsNothingDoesNotStopTheDownload() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            // A peer with no pieces may skip the bitfield (BEP 3): it joins and stays silent.
            PeerAddress silent = h.network.add(SeedScript.withPieces(Set.of()));
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(silent, seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.stats(silent).connects());
            assertEquals(List.of(), h.network.stats(silent).requests());
        }
    }

    @Test
    void anUnreachablePeerDoesNotStopTheDownload() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress nobody = new PeerAddress("127.0.0.250", 6881);
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(nobody, seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.refusedDials(nobody), "redialled before its back-off ran out");
        }
    }

    @Test
    void anAddressThatIsOurselvesIsNotDialledAgainWhileItsHostStillIsServed() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            Gate seedMayStart = Gate.closed();
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()).unchokingOnlyAfter(seedMayStart));
            PeerAddress ourselves = new PeerAddress(seed.host(), 7000);
            h.network.addOurselves(ourselves);
            Future<DownloadResult> download = h.downloadInBackground(ourselves, seed);
            awaitTrue(() -> h.network.dialsToOurselves(ourselves) == 1);
            // Long past any back-off: an address that had merely failed would be dialled again now.
            h.advanceClockAndAwaitTheSession(Duration.ofHours(1));
            FakeLeecherConnection neighbour = FakeLeecherConnection.scripted(new PeerAddress(seed.host(), 51413),
                    h.torrent);
            h.network.incoming().accepted(neighbour);
            neighbour.say(new PeerMessage.Interested());
            neighbour.await(m -> m instanceof PeerMessage.Unchoke, Duration.ofSeconds(10));
            seedMayStart.open();
            h.finish(download);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.dialsToOurselves(ourselves), "dialled ourselves again");
        }
    }

    @Test
    void reportsProgressWithCheckedStateFirst() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress seed = h.network.add(SeedScript.seed(h.torrent.pieceCount()));

            h.download(seed);

            List<DownloadEvent> all = h.events.all();
            assertTrue(all.get(0) instanceof DownloadEvent.Checked, "first event: " + all.get(0));
            assertTrue(all.get(all.size() - 1) instanceof DownloadEvent.Completed,
                    "last event: " + all.get(all.size() - 1));
            DownloadEvent.Progress last = h.events.ofType(DownloadEvent.Progress.class)
                    .get(h.events.ofType(DownloadEvent.Progress.class).size() - 1);
            assertEquals(Harness.TOTAL_LENGTH, last.verifiedBytes());
            assertEquals(List.of(), h.events.ofType(DownloadEvent.PieceFailed.class));
        }
    }

    static Set<Integer> piecesWhere(int count, IntPredicate which) {
        return IntStream.range(0, count).filter(which).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> allPieces(Harness h) {
        return piecesWhere(h.torrent.pieceCount(), p -> true);
    }
}
