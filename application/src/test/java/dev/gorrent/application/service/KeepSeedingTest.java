package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.SeedScript;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static dev.gorrent.application.service.ServiceRig.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A download asked to keep seeding goes on serving peers after it completes, until interrupted. */
@Timeout(30)
class KeepSeedingTest {

    @Test
    void servesALeecherAfterCompletingAndStopsWhenInterrupted() throws Exception {
        try (ServiceRig rig = ServiceRig.standard()) {
            PeerAddress seed = rig.network.add(SeedScript.seed(rig.torrent.pieceCount()));
            rig.trackerAnswers(seed);

            BackgroundCall<DownloadResult> download = rig.startDownload(true);
            rig.events.await(DownloadEvent.Completed.class, completed -> true, WAIT);
            AnnounceRequest completed = rig.awaitAnnounce(AnnounceEvent.COMPLETED);
            FakeLeecherConnection leecher = rig.connect(rig.downloadingLeecher());
            leecher.awaitWholeTorrent(WAIT);
            download.interrupt();
            Throwable stopped = download.thrown(WAIT);

            assertTrue(stopped instanceof InterruptedException, "the download ended with " + stopped);
            assertArrayEquals(rig.torrent.content(), rig.storage().bytes());
            assertArrayEquals(rig.torrent.content(), leecher.downloaded());
            assertEquals(List.of(), leecher.problems());
            assertEquals(List.of(AnnounceEvent.STARTED, AnnounceEvent.COMPLETED, AnnounceEvent.STOPPED),
                    rig.announcedEvents());
            assertEquals(0, completed.left());
            assertEquals(ServiceRig.TOTAL_LENGTH, completed.downloaded());
            AnnounceRequest last = rig.tracker.requests().get(2);
            assertEquals(ServiceRig.TOTAL_LENGTH, last.uploaded(),
                    "the final announce under-reports what the leecher took");
            assertEquals(Optional.of(Bitfield.full(rig.torrent.pieceCount())), rig.storage().resumeRecord());
            assertTrue(leecher.isClosed(), "the leecher's connection is closed after the interrupt");
        }
    }

    @Test
    void dataAlreadyCompleteIsSeededInsteadOfReturningAtOnce() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<DownloadResult> download = rig.startDownload(true);
            FakeLeecherConnection leecher = rig.connect(rig.downloadingLeecher());

            leecher.awaitWholeTorrent(WAIT);
            download.interrupt();
            Throwable stopped = download.thrown(WAIT);

            assertTrue(stopped instanceof InterruptedException, "the download ended with " + stopped);
            assertArrayEquals(rig.torrent.content(), leecher.downloaded());
            // Nothing was completed in this run, so the tracker hears no COMPLETED.
            assertEquals(List.of(AnnounceEvent.STARTED, AnnounceEvent.STOPPED), rig.announcedEvents());
            assertEquals(0, rig.tracker.requests().get(0).left());
            assertEquals(List.of(), rig.events.ofType(DownloadEvent.Completed.class));
        }
    }
}
