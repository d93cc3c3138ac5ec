package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.Gate;
import dev.gorrent.application.service.fakes.SeedScript;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.BlockRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static dev.gorrent.application.service.DownloadServiceTest.piecesWhere;
import static dev.gorrent.application.service.Harness.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads that must survive peers sending bad data, choking, hanging up or never unchoking. */
@Timeout(30)
class MisbehavingPeersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void corruptDataIsRefetchedFromAnHonestPeerAndTheLiarIsBanned() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            LiarDropped dropped = LiarDropped.start(h);
            PeerAddress liar = dropped.liar();
            // Long past any back-off: a liar that was merely disconnected would be dialled again now.
            h.advanceClockAndAwaitTheSession(Duration.ofHours(1));
            dropped.honestMayStart().open();
            h.finish(dropped.download());

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            List<DownloadEvent.PieceFailed> failures = h.events.ofType(DownloadEvent.PieceFailed.class);
            assertTrue(failures.size() >= 2, "hash failures reported: " + failures);
            assertTrue(failures.stream().allMatch(f -> f.fromPeer().equals(liar)), "blamed: " + failures);
            assertEquals(1, h.network.stats(liar).connects(), "a banned peer was dialled again");
            assertTrue(h.storage().writtenPieces().stream().distinct().count() == count);
        }
    }

    @Test
    void aLiarsHostIsBannedSoItCannotComeBackThroughAnIncomingConnection() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            LiarDropped dropped = LiarDropped.start(h);
            PeerAddress liar = dropped.liar();
            // The liar dials us from a fresh port, as a client that was dropped would; a stranger does too.
            FakeLeecherConnection liarAgain = FakeLeecherConnection.scripted(new PeerAddress(liar.host(), 51413),
                    h.torrent);
            FakeLeecherConnection stranger = FakeLeecherConnection.scripted(new PeerAddress("127.0.2.1", 51413),
                    h.torrent);
            h.network.incoming().accepted(liarAgain);
            h.network.incoming().accepted(stranger);
            stranger.say(new PeerMessage.Interested());
            stranger.await(m -> m instanceof PeerMessage.Unchoke, WAIT);
            liarAgain.awaitClosed(WAIT);
            dropped.honestMayStart().open();
            h.finish(dropped.download());

            assertEquals(List.of(), liarAgain.messagesFromSession(), "the session talked to the banned host");
            assertArrayEquals(h.torrent.content(), h.storage().bytes());
        }
    }

    @Test
    void anHonestPeerThatSharedPiecesWithALiarIsNotBanned() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress liar = h.network.add(SeedScript.seed(count).corrupting(piecesWhere(count, p -> true)));
            PeerAddress honest = h.network.add(SeedScript.seed(count));

            h.download(liar, honest);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertTrue(h.events.ofType(DownloadEvent.PeerDropped.class).stream()
                            .noneMatch(d -> d.peer().equals(honest)),
                    "dropped: " + h.events.ofType(DownloadEvent.PeerDropped.class));
        }
    }

    @Test
    void aPeerThatOnlySendsCorruptDataEndsTheDownloadWhenNoOneElseIsLeft() {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress liar = h.network.add(SeedScript.seed(count).corrupting(piecesWhere(count, p -> true)));

            DownloadException e = assertThrows(DownloadException.class, () -> h.download(liar));

            assertTrue(e.getMessage().contains("no peer is left"), e.getMessage());
            assertTrue(e.getMessage().contains(h.torrent.metainfo().name()), e.getMessage());
            assertEquals(1, h.network.stats(liar).connects());
            assertTrue(h.storage().writtenPieces().isEmpty(), "stored unverified data");
        }
    }

    @Test
    void blocksOutstandingWithAPeerThatChokesAreFetchedFromAnother() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress choker = h.network.add(SeedScript.seed(h.torrent.pieceCount()).chokingAfter(3));
            PeerAddress other = downloadWithAnotherSeedHeldBackUntil(h, choker,
                    () -> h.network.stats(choker).hasChoked());

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            Set<BlockRef> leftWithChoker = new HashSet<>(h.network.stats(choker).requests());
            h.network.stats(choker).served().forEach(leftWithChoker::remove);
            assertTrue(leftWithChoker.size() > 0, "the choker had nothing outstanding: the test proves nothing");
            assertTrue(h.network.stats(other).served().containsAll(leftWithChoker));
            // Requests die with the choke (BEP 3): cancelling them later would mean we still counted on them.
            assertEquals(List.of(), h.network.stats(choker).cancels());
        }
    }

    @Test
    void blocksOutstandingWithAPeerThatHangsUpAreFetchedFromAnother() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress quitter = h.network.add(SeedScript.seed(h.torrent.pieceCount()).closingAfter(3));
            PeerAddress other = downloadWithAnotherSeedHeldBackUntil(h, quitter,
                    () -> h.network.stats(quitter).hasHungUp());

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertTrue(h.network.stats(quitter).hasHungUp());
            h.events.await(DownloadEvent.PeerDropped.class, d -> d.peer().equals(quitter), Duration.ZERO);
            h.assertEveryConnectionClosed();
        }
    }

    @Test
    void aPeerThatBreaksTheWireProtocolIsBannedWhileOneThatHangsUpIsDialledAgain() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress breaker = h.network.add(SeedScript.seed(count).breakingProtocolAfter(2));
            PeerAddress quitter = h.network.add(SeedScript.seed(count).closingAfter(2));
            Gate honestMayStart = Gate.closed();
            PeerAddress honest = h.network.add(SeedScript.seed(count).unchokingOnlyAfter(honestMayStart));

            Future<DownloadResult> download = h.downloadInBackground(breaker, quitter, honest);
            h.events.await(DownloadEvent.PeerDropped.class, d -> d.peer().equals(breaker), WAIT);
            h.events.await(DownloadEvent.PeerDropped.class, d -> d.peer().equals(quitter), WAIT);
            // Long past any back-off: both would be dialled again now, were they only disconnected.
            h.clock.advance(Duration.ofHours(1));
            awaitTrue(() -> h.network.stats(quitter).connects() >= 2);
            honestMayStart.open();
            h.finish(download);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(1, h.network.stats(breaker).connects(), "a peer that broke the protocol was dialled again");
        }
    }

    @Test
    void manyPeersHangingUpWhileOthersDeliverDoNotBreakTheSession() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress[] peers = new PeerAddress[8];
            for (int i = 0; i < peers.length - 1; i++) {
                peers[i] = h.network.add(SeedScript.seed(count).closingAfter(2 + i));
            }
            peers[peers.length - 1] = h.network.add(SeedScript.seed(count));

            h.download(peers);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
        }
    }

    @Test
    void aPeerThatNeverUnchokesGetsNoRequestsAndDoesNotBlockCompletion() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            int count = h.torrent.pieceCount();
            PeerAddress stingy = h.network.add(SeedScript.seed(count).neverUnchoking());
            PeerAddress seed = h.network.add(SeedScript.seed(count));

            h.download(stingy, seed);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
            assertEquals(0, h.network.stats(stingy).served().size());
        }
    }

    @Test
    void aStalledPeerIsSnubbedAndUsedAgainOnceItAnswers() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            Gate resume = Gate.closed();
            PeerAddress staller = h.network.add(SeedScript.seed(h.torrent.pieceCount()).answeringOnlyAfter(resume));

            Future<DownloadResult> download = h.downloadInBackground(staller);
            awaitTrue(() -> !h.network.stats(staller).requests().isEmpty());
            h.advanceClockAndAwaitTheSession(h.settings.snubTimeout().plusSeconds(1));
            resume.open();
            h.finish(download);

            assertArrayEquals(h.torrent.content(), h.storage().bytes());
        }
    }

    @Test
    void aDownloadInterruptedByTheCallerEndsWithoutHanging() throws Exception {
        try (Harness h = Harness.withoutTrackers()) {
            PeerAddress stingy = h.network.add(SeedScript.seed(h.torrent.pieceCount()).neverUnchoking());

            Future<DownloadResult> download = h.downloadInBackground(stingy);
            awaitTrue(() -> h.network.stats(stingy).connects() == 1);
            download.cancel(true);

            assertThrows(CancellationException.class, download::get);
            h.assertEveryConnectionClosed();
        }
    }

    /** A download from a peer corrupting every piece and an honest one held back until its gate opens. */
    private record LiarDropped(PeerAddress liar, Gate honestMayStart, Future<DownloadResult> download) {
        /** Starts the download and returns once the liar has been dropped. */
        static LiarDropped start(Harness h) throws InterruptedException {
            int count = h.torrent.pieceCount();
            PeerAddress liar = h.network.add(SeedScript.seed(count).corrupting(piecesWhere(count, p -> true)));
            Gate honestMayStart = Gate.closed();
            PeerAddress honest = h.network.add(SeedScript.seed(count).unchokingOnlyAfter(honestMayStart));
            Future<DownloadResult> download = h.downloadInBackground(liar, honest);
            h.events.await(DownloadEvent.PeerDropped.class, d -> d.peer().equals(liar), WAIT);
            return new LiarDropped(liar, honestMayStart, download);
        }
    }

    /**
     * Downloads from {@code first} and from a second seed that unchokes only once {@code firstIsDone}: a fast second
     * seed could otherwise serve everything before the first misbehaves. Returns the second seed.
     */
    private static PeerAddress downloadWithAnotherSeedHeldBackUntil(Harness h, PeerAddress first,
                                                                  BooleanSupplier firstIsDone) throws Exception {
        Gate otherMayStart = Gate.closed();
        PeerAddress other = h.network.add(SeedScript.seed(h.torrent.pieceCount()).unchokingOnlyAfter(otherMayStart));
        Future<DownloadResult> download = h.downloadInBackground(first, other);
        awaitTrue(firstIsDone);
        otherMayStart.open();
        h.finish(download);
        return other;
    }
}
