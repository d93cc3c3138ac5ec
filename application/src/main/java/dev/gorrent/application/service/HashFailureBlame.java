package dev.gorrent.application.service;

import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.domain.peer.PeerAddress;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Blame for pieces that fail their hash check, counted in half strikes: a piece one peer sent alone costs that
 * peer a whole strike, a piece several peers sent costs each of them half (any of them may be the culprit), and
 * each verified piece a peer helped with takes half a strike off. Two whole strikes earn a ban, so a peer that
 * only sends bad data is banned after two failed pieces while an honest peer that shared a piece with it is not.
 * Session thread only.
 */
final class HashFailureBlame {
    private static final int HALF_STRIKES_TO_BAN = 4;

    private final DownloadEvents events;
    private final Map<PeerAddress, Integer> halfStrikes = new HashMap<>();
    private final Map<PeerAddress, Integer> failedPieces = new HashMap<>();

    HashFailureBlame(DownloadEvents events) {
        this.events = events;
    }

    /** A piece these peers sent passed its check: each of them has half a strike taken off. */
    void pieceVerified(Set<PeerAddress> contributors) {
        for (PeerAddress contributor : contributors) {
            halfStrikes.computeIfPresent(contributor, (peer, count) -> count > 1 ? count - 1 : null);
        }
    }

    /**
     * A piece these peers sent failed its check: reports it against each of them and hands each one that has now
     * earned a ban to {@code ban}, with the pieces it has failed so far. A peer already banned for bad data
     * explains the failure, so then nobody else is blamed; {@code isBanned} is asked again after each ban.
     */
    void pieceFailed(int piece, Set<PeerAddress> contributors, Predicate<PeerAddress> isBanned, Ban ban) {
        boolean explained = contributors.stream().anyMatch(isBanned);
        int blame = contributors.size() == 1 ? 2 : 1;
        for (PeerAddress contributor : contributors) {
            events.publish(new DownloadEvent.PieceFailed(piece, contributor));
            int failures = failedPieces.merge(contributor, 1, Integer::sum);
            if (explained || isBanned.test(contributor)) {
                continue;
            }
            if (halfStrikes.merge(contributor, blame, Integer::sum) >= HALF_STRIKES_TO_BAN) {
                ban.ban(contributor, failures);
            }
        }
    }

    /** What the session does with a peer that has earned a ban. */
    interface Ban {
        void ban(PeerAddress peer, int failedPieces);
    }
}
