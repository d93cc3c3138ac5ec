package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.Gate;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.BlockRef;
import dev.gorrent.domain.piece.PieceGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gorrent.application.service.DownloadServiceTest.piecesWhere;
import static dev.gorrent.application.service.ServiceRig.WAIT;
import static dev.gorrent.application.service.ServiceRig.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the session checks what peers ask it for: bad requests drop the peer, untimely ones are ignored. */
@Timeout(30)
class UploadRequestsTest {
    private static final int BLOCK = PieceGeometry.BLOCK_SIZE;

    @Test
    void servesBlocksOfUpTo128KiBAndDropsAPeerAskingForMore() throws Exception {
        int pieceLength = 256 * 1024;
        try (ServiceRig rig = ServiceRig.withPieces(3 * pieceLength - 1000, pieceLength).trackerAnswers()
                .preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            FakeLeecherConnection leecher = unchokedLeecher(rig);

            leecher.say(new PeerMessage.Request(1, 0, Uploader.MAX_BLOCK_LENGTH));
            leecher.await(m -> m instanceof PeerMessage.Piece, WAIT);
            // Still inside the piece, so only its size is wrong.
            leecher.say(new PeerMessage.Request(1, 0, Uploader.MAX_BLOCK_LENGTH + 1));
            leecher.awaitClosed(WAIT);
            seeding.interrupt();
            SeedResult result = seeding.result(WAIT);

            assertEquals(List.of(new BlockRef(1, 0, Uploader.MAX_BLOCK_LENGTH)), leecher.blocksFromSession());
            assertEquals(List.of(), leecher.problems());
            assertEquals(Uploader.MAX_BLOCK_LENGTH, result.uploadedBytes());
            assertTrue(droppedFor(rig, leecher.address()).contains(String.valueOf(Uploader.MAX_BLOCK_LENGTH + 1)),
                    droppedFor(rig, leecher.address()));
        }
    }

    @Test
    void dropsPeersAskingForBytesOutsideTheTorrent() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            int last = rig.torrent.pieceCount() - 1;
            int lastSize = rig.torrent.geometry().pieceSize(last);
            FakeLeecherConnection pastLastPiece = unchokedLeecher(rig);
            FakeLeecherConnection pastPieceEnd = unchokedLeecher(rig);
            FakeLeecherConnection honest = unchokedLeecher(rig);

            pastLastPiece.say(new PeerMessage.Request(last + 1, 0, BLOCK));
            pastPieceEnd.say(new PeerMessage.Request(last, lastSize - 100, 200));
            honest.say(new PeerMessage.Request(last, lastSize - 100, 100));
            pastLastPiece.awaitClosed(WAIT);
            pastPieceEnd.awaitClosed(WAIT);
            honest.await(m -> m instanceof PeerMessage.Piece, WAIT);
            assertFalse(honest.isClosed(), "dropped a peer that asked for the last bytes of the torrent");
            seeding.interrupt();
            seeding.result(WAIT);

            for (FakeLeecherConnection bad : List.of(pastLastPiece, pastPieceEnd)) {
                assertEquals(List.of(), bad.blocksFromSession());
                assertTrue(droppedFor(rig, bad.address()).contains("outside the torrent"),
                        droppedFor(rig, bad.address()));
            }
            assertEquals(List.of(new BlockRef(last, lastSize - 100, 100)), honest.blocksFromSession());
            assertEquals(List.of(), honest.problems());
        }
    }

    @Test
    void ignoresARequestFromAChokedPeerWithoutDroppingIt() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            FakeLeecherConnection leecher = rig.connect(rig.scriptedLeecher());

            // Not yet interested, so still choked: BEP 3 has this request discarded.
            leecher.say(new PeerMessage.Request(0, 0, BLOCK), new PeerMessage.Interested());
            leecher.await(m -> m instanceof PeerMessage.Unchoke, WAIT);
            leecher.say(new PeerMessage.Request(1, 0, BLOCK));
            leecher.await(m -> m instanceof PeerMessage.Piece, WAIT);
            boolean keptWhileRunning = !leecher.isClosed();
            seeding.interrupt();
            SeedResult result = seeding.result(WAIT);

            assertTrue(keptWhileRunning, "dropped a peer for a request that crossed our choke");
            assertEquals(List.of(), droppedEvents(rig, leecher.address()));
            assertEquals(List.of(new BlockRef(1, 0, BLOCK)), leecher.blocksFromSession());
            assertEquals(List.of(new BlockRef(1, 0, BLOCK)), rig.storage().blockReads());
            assertEquals(BLOCK, result.uploadedBytes());
        }
    }

    @Test
    void whileDownloadingIgnoresRequestsForPiecesItDoesNotHave() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers()) {
            Set<Integer> even = piecesWhere(rig.torrent.pieceCount(), p -> p % 2 == 0);
            rig.preload(even);
            BackgroundCall<DownloadResult> download = rig.startDownload(false);
            FakeLeecherConnection leecher = rig.connect(rig.scriptedLeecher());

            PeerMessage first = leecher.await(m -> true, WAIT);
            leecher.say(new PeerMessage.Interested());
            leecher.await(m -> m instanceof PeerMessage.Unchoke, WAIT);
            leecher.say(new PeerMessage.Request(1, 0, BLOCK), new PeerMessage.Request(0, 0, BLOCK));
            leecher.await(m -> m instanceof PeerMessage.Piece, WAIT);
            boolean keptWhileRunning = !leecher.isClosed();
            download.interrupt();
            Throwable stopped = download.thrown(WAIT);

            assertTrue(stopped instanceof InterruptedException, "download ended with " + stopped);
            assertTrue(first instanceof PeerMessage.BitfieldMessage, "first message: " + first);
            assertEquals(rig.bitfieldOf(even),
                    Bitfield.fromBytes(((PeerMessage.BitfieldMessage) first).bits(), rig.torrent.pieceCount()));
            assertTrue(keptWhileRunning, "dropped a peer for asking for a piece we lack");
            assertEquals(List.of(new BlockRef(0, 0, BLOCK)), leecher.blocksFromSession());
            assertEquals(List.of(new BlockRef(0, 0, BLOCK)), rig.storage().blockReads());
            assertEquals(List.of(), leecher.problems());
        }
    }

    @Test
    void aCancelledRequestStillWaitingInTheQueueIsNeverServed() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers()) {
            HeldDisk held = HeldDisk.start(rig);
            FakeLeecherConnection leecher = held.leecher();

            // Enough requests to fill every read in flight, so the next one has to wait in the peer's queue.
            List<BlockRef> filling = blocksOf(rig, held.even(), Uploader.READS_IN_FLIGHT);
            filling.forEach(b -> leecher.say(new PeerMessage.Request(b.piece(), b.offset(), b.length())));
            BlockRef cancelled = new BlockRef(16, 0, BLOCK);
            leecher.say(new PeerMessage.Request(16, 0, BLOCK), new PeerMessage.Cancel(16, 0, BLOCK));
            // We lack piece 1, so the session answers this HAVE with INTERESTED: it has handled the CANCEL by then.
            leecher.say(new PeerMessage.Have(1));
            leecher.await(m -> m instanceof PeerMessage.Interested, WAIT);
            held.disk().open();
            awaitBlocks(leecher, filling);
            // Queued after the cancelled one: once it is served, the cancelled one would have been too.
            leecher.say(new PeerMessage.Request(18, 0, BLOCK));
            leecher.await(m -> m instanceof PeerMessage.Piece p && p.pieceIndex() == 18, WAIT);
            held.download().interrupt();
            held.download().thrown(WAIT);

            List<BlockRef> expected = new ArrayList<>(filling);
            expected.add(new BlockRef(18, 0, BLOCK));
            assertFalse(leecher.blocksFromSession().contains(cancelled), "served a cancelled request");
            assertFalse(rig.storage().blockReads().contains(cancelled), "read a cancelled request from disk");
            assertEquals(new HashSet<>(expected), new HashSet<>(leecher.blocksFromSession()));
            assertEquals(List.of(), leecher.problems());
        }
    }

    @Test
    void requestsThatQueuedWhileTheDiskWasBusyGoOutInBatches() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers()) {
            HeldDisk held = HeldDisk.start(rig);
            FakeLeecherConnection leecher = held.leecher();

            List<BlockRef> wanted = held.request(rig, 3 * Uploader.READS_IN_FLIGHT);
            leecher.say(new PeerMessage.Have(1));
            leecher.await(m -> m instanceof PeerMessage.Interested, WAIT); // every request handled by now
            held.disk().open();
            awaitBlocks(leecher, wanted);
            held.download().interrupt();
            held.download().thrown(WAIT);

            assertEquals(new HashSet<>(wanted), new HashSet<>(leecher.blocksFromSession()));
            int flushes = leecher.flushesWithBlocks();
            // Two tasks of one block start before the rest queue up, then batches; a flush of the session's own
            // (a keep-alive, a choke round) may split a batch in two. One flush per block would be 48.
            assertTrue(flushes <= Uploader.TASKS_IN_FLIGHT + wanted.size() / Uploader.BLOCKS_PER_TASK + 2,
                    flushes + " flushes for " + wanted.size() + " blocks");
        }
    }

    @Test
    void blocksWaitingForTheDiskWhenThePeerIsChokedAreNeverHandedOver() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers()) {
            HeldDisk held = HeldDisk.start(rig);
            FakeLeecherConnection leecher = held.leecher();
            List<BlockRef> wanted = held.request(rig, 3 * Uploader.READS_IN_FLIGHT);
            // The first two tasks take one request each and wait for the disk; the rest queue up. Let those two
            // through: the next two tasks take a batch each and wait for the disk on their first block.
            int twoTasks = Uploader.TASKS_IN_FLIGHT;
            waitUntil(() -> rig.storage().blockReads().size() == twoTasks, WAIT);
            rig.storage().letBlockReadsThrough(twoTasks);
            assertTrue(waitUntil(() -> rig.storage().blockReads().size() == 2 * twoTasks, WAIT),
                    "reads: " + rig.storage().blockReads());
            // No longer interested: the next choke round chokes it while both batches wait for the disk.
            leecher.say(new PeerMessage.NotInterested());
            rig.clock.advance(Duration.ofSeconds(10));
            leecher.await(m -> m instanceof PeerMessage.Choke, WAIT);
            held.disk().open();
            // Each task was reading the first block of its batch when the choke came: it may finish that one.
            awaitBlocks(leecher, wanted.subList(twoTasks, twoTasks + 1));
            // Without the check, the rest of both batches would follow at once; give them ample time to show up.
            Thread.sleep(500);
            held.download().interrupt();
            held.download().thrown(WAIT);

            List<PeerMessage> wire = leecher.messagesFromSession();
            int choke = wire.indexOf(new PeerMessage.Choke());
            long afterChoke = wire.subList(choke, wire.size()).stream()
                    .filter(PeerMessage.Piece.class::isInstance).count();
            assertTrue(afterChoke <= twoTasks, afterChoke + " blocks followed the choke: " + wire);
            assertEquals(2 * twoTasks, rig.storage().blockReads().size(), "read for a choked peer: "
                    + rig.storage().blockReads());
        }
    }

    /** A download holding the even pieces, an unchoked leecher, and block reads held until {@code disk} opens. */
    private record HeldDisk(Set<Integer> even, BackgroundCall<DownloadResult> download, FakeLeecherConnection leecher,
                            Gate disk) {
        static HeldDisk start(ServiceRig rig) throws Exception {
            Set<Integer> even = piecesWhere(rig.torrent.pieceCount(), p -> p % 2 == 0);
            rig.preload(even);
            BackgroundCall<DownloadResult> download = rig.startDownload(false);
            FakeLeecherConnection leecher = unchokedLeecher(rig);
            Gate disk = Gate.closed();
            rig.storage().holdBlockReadsUntil(disk);
            return new HeldDisk(even, download, leecher, disk);
        }

        /** Has the leecher ask for the first {@code count} blocks of the pieces held; returns them in order. */
        List<BlockRef> request(ServiceRig rig, int count) {
            List<BlockRef> wanted = blocksOf(rig, even, count);
            wanted.forEach(b -> leecher.say(new PeerMessage.Request(b.piece(), b.offset(), b.length())));
            return wanted;
        }
    }

    private static void awaitBlocks(FakeLeecherConnection leecher, List<BlockRef> blocks) throws InterruptedException {
        for (BlockRef block : blocks) {
            leecher.await(m -> m instanceof PeerMessage.Piece p && p.pieceIndex() == block.piece()
                    && p.begin() == block.offset(), WAIT);
        }
    }

    /** A scripted leecher, connected, that said it is interested and was unchoked. */
    private static FakeLeecherConnection unchokedLeecher(ServiceRig rig) throws InterruptedException {
        FakeLeecherConnection leecher = rig.connect(rig.scriptedLeecher());
        leecher.say(new PeerMessage.Interested());
        leecher.await(m -> m instanceof PeerMessage.Unchoke, WAIT);
        return leecher;
    }

    private static List<BlockRef> blocksOf(ServiceRig rig, Set<Integer> pieces, int count) {
        List<BlockRef> blocks = new ArrayList<>();
        PieceGeometry geometry = rig.torrent.geometry();
        for (int piece : pieces) {
            for (int index = 0; index < geometry.blockCount(piece) && blocks.size() < count; index++) {
                blocks.add(geometry.block(piece, index));
            }
        }
        return blocks;
    }

    private static List<DownloadEvent.PeerDropped> droppedEvents(ServiceRig rig, PeerAddress peer) {
        return rig.events.ofType(DownloadEvent.PeerDropped.class).stream().filter(d -> d.peer().equals(peer)).toList();
    }

    private static String droppedFor(ServiceRig rig, PeerAddress peer) {
        return droppedEvents(rig, peer).stream().map(DownloadEvent.PeerDropped::reason).toList().toString();
    }
}
