package dev.gorrent.application.service;

import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.service.fakes.FakeLeecherConnection;
import dev.gorrent.application.service.fakes.WireLog;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gorrent.application.service.ServiceRig.WAIT;
import static dev.gorrent.application.service.ServiceRig.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's choke rounds, driven by its manual clock, as seen by the peers it chokes and unchokes. */
@Timeout(60)
class ChokeRoundsTest {
    private static final Duration ROUND = Duration.ofSeconds(10);
    /** Regular upload slots plus the optimistic one. */
    private static final int UPLOAD_SLOTS = 5;
    /** Rounds to wait for the optimistic slot to land on a given peer of two candidates. */
    private static final int MAX_ROUNDS = 60;

    @Test
    void ofSixInterestedLeechersAtMostFiveAreUnchokedAndARoundHandsTheOptimisticSlotOn() throws Exception {
        try (ServiceRig rig = ServiceRig.standard().trackerAnswers().preloadAll()) {
            BackgroundCall<SeedResult> seeding = rig.startSeeding();
            WireLog wire = new WireLog();
            List<FakeLeecherConnection> leechers = new ArrayList<>();
            for (int i = 0; i < UPLOAD_SLOTS; i++) {
                FakeLeecherConnection leecher = rig.connect(FakeLeecherConnection.scripted(rig.nextLeecherAddress(),
                        rig.torrent, wire));
                leecher.say(new PeerMessage.Interested());
                // Free slots are given at once, without waiting for a round.
                leecher.await(m -> m instanceof PeerMessage.Unchoke, WAIT);
                leechers.add(leecher);
            }
            FakeLeecherConnection sixth = rig.connect(FakeLeecherConnection.scripted(rig.nextLeecherAddress(),
                    rig.torrent, wire));
            sixth.say(new PeerMessage.Interested());
            leechers.add(sixth);

            for (int round = 0; round < MAX_ROUNDS && !sixth.isUnchoked(); round++) {
                rig.clock.advance(ROUND);
                waitUntil(sixth::isUnchoked, Duration.ofMillis(300));
            }
            boolean sixthGotASlot = sixth.isUnchoked();
            boolean settled = waitUntil(() -> unchoked(leechers).size() == UPLOAD_SLOTS, WAIT);
            seeding.interrupt();
            seeding.result(WAIT);

            assertTrue(sixthGotASlot, "no choke round in " + MAX_ROUNDS + " unchoked the sixth interested leecher");
            assertTrue(settled, "unchoked after the rounds: " + unchoked(leechers));
            assertTrue(mostUnchokedAtOnce(wire) <= UPLOAD_SLOTS,
                    mostUnchokedAtOnce(wire) + " leechers were unchoked at once; wire: " + chokeTraffic(wire));
            long choked = wire.entries().stream().filter(e -> e.message() instanceof PeerMessage.Choke).count();
            assertTrue(choked >= 1, "the sixth got a slot without anyone losing one; wire: " + chokeTraffic(wire));
        }
    }

    /** Replays the choke traffic in the order it reached the leechers and returns the most unchoked at one time. */
    private static int mostUnchokedAtOnce(WireLog wire) {
        Set<PeerAddress> unchoked = new HashSet<>();
        int most = 0;
        for (WireLog.Entry entry : wire.entries()) {
            if (entry.message() instanceof PeerMessage.Unchoke) {
                unchoked.add(entry.to());
            } else if (entry.message() instanceof PeerMessage.Choke) {
                unchoked.remove(entry.to());
            }
            most = Math.max(most, unchoked.size());
        }
        return most;
    }

    private static List<String> chokeTraffic(WireLog wire) {
        return wire.entries().stream()
                .filter(e -> e.message() instanceof PeerMessage.Choke || e.message() instanceof PeerMessage.Unchoke)
                .map(e -> e.message().getClass().getSimpleName() + "->" + e.to())
                .toList();
    }

    private static List<PeerAddress> unchoked(List<FakeLeecherConnection> leechers) {
        return leechers.stream().filter(FakeLeecherConnection::isUnchoked).map(FakeLeecherConnection::address).toList();
    }
}
