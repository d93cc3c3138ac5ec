package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.SeedRequest;
import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.gorrent.application.service.ServiceRig.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeding through {@link SeedService}: serving complete data to peers that connect, until interrupted. */
@Timeout(30)
class SeedServiceTest {

    @Test
    void servesTheWholeTorrentToALeecherThenStopsCleanlyWhenInterrupted() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            FakeLeecherConnection leecher = rig.connect(rig.downloadingLeecher());

            leecher.awaitWholeTorrent(WAIT);
            seeding.interrupt();
            SeedResult result = seeding.result(WAIT);

            assertArrayEquals(rig.torrent.content(), leecher.downloaded());
            assertEquals(List.of(), leecher.problems());
            assertEquals(0, leecher.duplicateBlocks());
            assertEquals(ServiceRig.TOTAL_LENGTH, result.uploadedBytes());
            PeerMessage first = leecher.messagesFromSession().get(0);
            assertTrue(first instanceof PeerMessage.BitfieldMessage, "first message: " + first);
            assertEquals(Bitfield.full(rig.torrent.pieceCount()),
                    Bitfield.fromBytes(((PeerMessage.BitfieldMessage) first).bits(), rig.torrent.pieceCount()));
            List<AnnounceRequest> announces = rig.tracker.requests();
            assertEquals(AnnounceEvent.STARTED, announces.get(0).event());
            assertEquals(0, announces.get(0).left(), "a seed has nothing left to download");
            AnnounceRequest last = announces.get(announces.size() - 1);
            assertEquals(AnnounceEvent.STOPPED, last.event());
            assertEquals(ServiceRig.TOTAL_LENGTH, last.uploaded());
            assertEquals(0, last.downloaded());
            assertTrue(leecher.isClosed(), "the connection is closed after seeding stopped");
            assertTrue(rig.storage().isClosed(), "storage is closed after seeding stopped");
        }
    }

    @Test
    void servesTwoLeechersAtOnce() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            FakeLeecherConnection first = rig.connect(rig.downloadingLeecher());
            FakeLeecherConnection second = rig.connect(rig.downloadingLeecher());

            first.awaitWholeTorrent(WAIT);
            second.awaitWholeTorrent(WAIT);
            seeding.interrupt();
            SeedResult result = seeding.result(WAIT);

            assertArrayEquals(rig.torrent.content(), first.downloaded());
            assertArrayEquals(rig.torrent.content(), second.downloaded());
            assertEquals(2L * ServiceRig.TOTAL_LENGTH, result.uploadedBytes());
        }
    }

    @Test
    void stopsWithTheStorageProblemWhenABlockCannotBeReadForUpload() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            rig.storage().failBlockReadsWith("input/output error reading content-3.bin");
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            FakeLeecherConnection leecher = rig.connect(rig.downloadingLeecher());

            Throwable thrown = seeding.thrown(WAIT);

            assertTrue(thrown instanceof DownloadException, String.valueOf(thrown));
            assertTrue(thrown.getMessage().contains("input/output error reading content-3.bin"), thrown.getMessage());
            assertTrue(leecher.isClosed(), "the connection is closed after seeding failed");
            assertTrue(rig.storage().isClosed(), "storage is closed after seeding failed");
        }
    }

    @Test
    void answersHandshakesForItsOwnTorrentOnly() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            IncomingPeers incoming = rig.awaitListening();
            AnnounceRequest started = rig.awaitAnnounce(AnnounceEvent.STARTED);
            byte[] otherHash = rig.torrent.metainfo().infoHash().toBytes();
            otherHash[0] ^= 1;

            Optional<Handshake> ours = incoming.handshakeFor(rig.torrent.metainfo().infoHash());
            Optional<Handshake> other = incoming.handshakeFor(InfoHash.of(otherHash));

            assertTrue(ours.isPresent(), "refused a peer asking for our own torrent");
            assertEquals(rig.torrent.metainfo().infoHash(), ours.get().infoHash());
            assertEquals(started.peerId(), ours.get().peerId(),
                    "the handshake names a peer id other than the one announced");
            assertEquals(Optional.empty(), other);
            seeding.interrupt();
            seeding.result(WAIT);
        }
    }

    @Test
    void refusesIncompleteDataWithoutListeningOrAnnouncing() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers()) {
            Set<Integer> allButOne = new HashSet<>(rig.allPieces());
            allButOne.remove(7);
            rig.preload(allButOne);

            DownloadException e = assertThrows(DownloadException.class, () -> rig.seedService()
                    .seed(new SeedRequest(rig.torrent.metainfo(), Path.of("seeding"), ServiceRig.PORT)));

            assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
            assertTrue(e.getMessage().contains((rig.torrent.pieceCount() - 1) + " of " + rig.torrent.pieceCount()),
                    e.getMessage());
            assertEquals(List.of(), rig.tracker.requests());
            assertThrows(IllegalStateException.class, rig.network::incoming, "listened for peers with incomplete data");
            assertTrue(rig.storage().isClosed(), "storage is closed after refusing");
        }
    }

    @Test
    void damagedDataIsIncompleteToo() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            byte[] damaged = rig.torrent.piece(3);
            damaged[damaged.length - 1] ^= 1;
            rig.storage().preload(3, damaged);

            DownloadException e = assertThrows(DownloadException.class, () -> rig.seedService()
                    .seed(new SeedRequest(rig.torrent.metainfo(), Path.of("seeding"), ServiceRig.PORT)));

            assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        }
    }
}
