package dev.gorrent.application.service;

import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.service.fakes.RecordingEvents;
import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HashFailureBlameTest {
    private static final PeerAddress LIAR = new PeerAddress("10.0.0.1", 6881);
    private static final PeerAddress HONEST = new PeerAddress("10.0.0.2", 6881);

    private final RecordingEvents events = new RecordingEvents();
    private final HashFailureBlame blame = new HashFailureBlame(events);
    private final Set<PeerAddress> banned = new HashSet<>();
    private final List<String> bans = new ArrayList<>();

    private void fail(int piece, PeerAddress... contributors) {
        blame.pieceFailed(piece, new LinkedHashSet<>(List.of(contributors)), banned::contains, (peer, failures) -> {
            banned.add(peer);
            bans.add(peer.host() + " after " + failures);
        });
    }

    @Test
    void aPeerThatAloneSendsTwoBadPiecesIsBannedAtTheSecond() {
        fail(1, LIAR);
        assertEquals(List.of(), bans);

        fail(2, LIAR);

        assertEquals(List.of("10.0.0.1 after 2"), bans);
        assertEquals(List.of(new DownloadEvent.PieceFailed(1, LIAR), new DownloadEvent.PieceFailed(2, LIAR)),
                events.ofType(DownloadEvent.PieceFailed.class));
    }

    @Test
    void anHonestPeerThatSharedBadPiecesWithALiarIsNotBannedWithIt() {
        fail(1, HONEST, LIAR);
        fail(2, LIAR);
        assertEquals(List.of(), bans, "the liar has a strike and a half");

        fail(3, LIAR);

        assertEquals(List.of("10.0.0.1 after 3"), bans);
    }

    @Test
    void verifiedPiecesTakeHalfAStrikeOffEach() {
        fail(1, HONEST);
        blame.pieceVerified(Set.of(HONEST));
        blame.pieceVerified(Set.of(HONEST));

        fail(2, HONEST);

        assertEquals(List.of(), bans, "the first strike was worked off");
    }

    @Test
    void sharedPiecesCostHalfAStrikeSoFourOfThemBan() {
        for (int piece = 0; piece < 3; piece++) {
            fail(piece, HONEST, LIAR);
        }
        assertEquals(List.of(), bans);

        fail(3, HONEST, LIAR);

        assertEquals(List.of("10.0.0.2 after 4", "10.0.0.1 after 4"), bans);
    }

    @Test
    void aBannedContributorExplainsTheFailureSoTheOthersAreNotBlamed() {
        banned.add(LIAR);
        for (int piece = 0; piece < 5; piece++) {
            fail(piece, HONEST, LIAR);
        }

        assertEquals(List.of(), bans);
        assertEquals(10, events.ofType(DownloadEvent.PieceFailed.class).size(), "each failure is still reported");
    }
}
