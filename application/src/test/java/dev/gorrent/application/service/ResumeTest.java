package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.SeedScript;
import dev.gorrent.application.service.fakes.SeedStats;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.BlockRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.gorrent.application.service.DownloadServiceTest.piecesWhere;
import static dev.gorrent.application.service.ServiceRig.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resume record: trusted instead of re-hashing at start, kept up to date while running, written at the end. */
@Timeout(30)
class ResumeTest {
    /** Blocks a stalling seed serves before it chokes for good: a few whole pieces of the 40. */
    private static final int BLOCKS_BEFORE_STALL = 12;

    @Test
    void aRecordOfEveryPieceFinishesAtOnceWithoutHashingAnnouncingOrDialling() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().preloadAll()) {
            PeerAddress seed = rig.network.add(SeedScript.seed(rig.torrent.pieceCount()));
            rig.trackerAnswers(seed);
            rig.storage().presetResumeRecord(Bitfield.full(rig.torrent.pieceCount()));

            DownloadResult result = rig.startDownload(false, seed).result(WAIT);

            assertEquals(0, rig.storage().readPieceCalls(), "hashed pieces the resume record vouched for");
            assertEquals(ServiceRig.TOTAL_LENGTH, result.alreadyVerifiedBytes());
            assertEquals(0, result.downloadedBytes());
            assertEquals(List.of(), rig.tracker.requests());
            assertEquals(0, rig.network.stats(seed).connects());
            assertEquals(rig.torrent.pieceCount(),
                    rig.events.ofType(DownloadEvent.Checked.class).get(0).verifiedPieces());
        }
    }

    @Test
    void aRecordOfHalfThePiecesFetchesOnlyTheOtherHalf() throws Exception {
        try (ServiceRig rig = ServiceRig.standard()) {
            int count = rig.torrent.pieceCount();
            Set<Integer> even = piecesWhere(count, p -> p % 2 == 0);
            rig.preload(even);
            rig.storage().presetResumeRecord(rig.bitfieldOf(even));
            PeerAddress seed = rig.network.add(SeedScript.seed(count));
            rig.trackerAnswers(seed);

            DownloadResult result = rig.startDownload(false).result(WAIT);

            assertEquals(0, rig.storage().readPieceCalls(), "hashed pieces instead of trusting the resume record");
            assertEquals(piecesWhere(count, p -> p % 2 == 1), rig.network.stats(seed).requestedPieces());
            assertEquals(TorrentServices.verifiedBytes(rig.torrent.metainfo(), rig.bitfieldOf(even)),
                    result.alreadyVerifiedBytes());
            assertArrayEquals(rig.torrent.content(), rig.storage().bytes());
        }
    }

    @Test
    void aCompletedDownloadLeavesARecordOfEveryPiece() throws Exception {
        try (ServiceRig rig = ServiceRig.standard()) {
            PeerAddress seed = rig.network.add(SeedScript.seed(rig.torrent.pieceCount()));
            rig.trackerAnswers(seed);

            rig.startDownload(false).result(WAIT);

            assertEquals(Optional.of(Bitfield.full(rig.torrent.pieceCount())), rig.storage().resumeRecord());
            assertArrayEquals(rig.torrent.content(), rig.storage().bytes());
        }
    }

    @Test
    void whileRunningTheRecordFollowsTheVerifiedPiecesEveryHalfMinute() throws Exception {
        try (ServiceRig rig = ServiceRig.standard()) {
            PeerAddress seed = rig.network.add(SeedScript.seed(rig.torrent.pieceCount())
                    .chokingAfter(BLOCKS_BEFORE_STALL));
            rig.trackerAnswers(seed);

            BackgroundCall<DownloadResult> download = rig.startDownload(false);
            Set<Integer> verified = awaitVerifiedPiecesSettled(rig, seed);
            Optional<Bitfield> beforeHalfAMinute = rig.storage().resumeRecord();
            rig.clock.advance(Duration.ofSeconds(30));
            Bitfield recorded = awaitResumeRecord(rig, rig.bitfieldOf(verified));
            download.interrupt();
            download.thrown(WAIT);

            assertEquals(Optional.empty(), beforeHalfAMinute, "recorded before half a minute had passed");
            assertEquals(rig.bitfieldOf(verified), recorded);
        }
    }

    @Test
    void anInterruptedDownloadStopsCleanlyAndRecordsExactlyTheVerifiedPieces() throws Exception {
        try (ServiceRig rig = ServiceRig.standard()) {
            int count = rig.torrent.pieceCount();
            PeerAddress seed = rig.network.add(SeedScript.seed(count).chokingAfter(BLOCKS_BEFORE_STALL));
            rig.trackerAnswers(seed);

            BackgroundCall<DownloadResult> download = rig.startDownload(false);
            Set<Integer> verified = awaitVerifiedPiecesSettled(rig, seed);
            download.interrupt();
            Throwable stopped = download.thrown(WAIT);

            assertTrue(stopped instanceof InterruptedException, "the download ended with " + stopped);
            assertTrue(!verified.isEmpty() && verified.size() < count, "verified before the stall: " + verified);
            assertEquals(Optional.of(rig.bitfieldOf(verified)), rig.storage().resumeRecord());
            assertEquals(verified, new TreeSet<>(rig.storage().writtenPieces()));
            byte[] stored = rig.storage().bytes();
            for (int piece : verified) {
                int from = (int) rig.torrent.geometry().pieceOffset(piece);
                assertArrayEquals(rig.torrent.piece(piece),
                        Arrays.copyOfRange(stored, from, from + rig.torrent.geometry().pieceSize(piece)),
                        "piece " + piece);
            }
            List<AnnounceEvent> announced = rig.announcedEvents();
            assertEquals(List.of(AnnounceEvent.STARTED, AnnounceEvent.STOPPED), announced);
            assertTrue(rig.storage().isClosed(), "storage is closed after the interrupt");
            assertTrue(rig.network.connections().stream().allMatch(c -> c.isClosed()),
                    "a peer connection was left open");
        }
    }

    /**
     * Waits until the session told the stalled seed HAVE for exactly the pieces the seed served whole
     * (the session has then verified and stored them all), and returns those pieces.
     */
    private static Set<Integer> awaitVerifiedPiecesSettled(ServiceRig rig, PeerAddress seed)
            throws InterruptedException {
        SeedStats stats = rig.network.stats(seed);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Set<Integer> whole = wholePieces(rig, stats.served());
            boolean stalled = stats.hasChoked();
            if (stalled && !whole.isEmpty() && whole.equals(new TreeSet<>(stats.havesFromSession()))) {
                return whole;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("served whole " + whole + " but the session announced "
                        + stats.havesFromSession() + "; events: " + rig.telling());
            }
            Thread.sleep(10);
        }
    }

    private static Set<Integer> wholePieces(ServiceRig rig, List<BlockRef> served) {
        Map<Integer, Integer> blocks = new HashMap<>();
        served.forEach(b -> blocks.merge(b.piece(), 1, Integer::sum));
        Set<Integer> whole = new TreeSet<>();
        blocks.forEach((piece, n) -> {
            if (n == rig.torrent.geometry().blockCount(piece)) {
                whole.add(piece);
            }
        });
        return whole;
    }

    private static Bitfield awaitResumeRecord(ServiceRig rig, Bitfield expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Bitfield> recorded = rig.storage().resumeRecord();
            if (recorded.isPresent() && recorded.get().equals(expected)) {
                return recorded.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("resume record " + recorded + ", expected " + expected);
            }
            Thread.sleep(10);
        }
    }
}
