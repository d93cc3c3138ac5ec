package dev.gorrent.tracker.udp;

import dev.gorrent.domain.peer.PeerAddress;

import java.util.List;

/** A decoded answer from a UDP tracker whose action and transaction id matched our request. */
sealed interface UdpAnswer {

    /** Action 0: the connection id to put in the next requests. */
    record Connected(long connectionId) implements UdpAnswer {
    }

    /** Action 1: the announce answer; {@code intervalSeconds} is as the tracker sent it (maybe negative). */
    record Announced(int intervalSeconds, int leechers, int seeders, List<PeerAddress> peers) implements UdpAnswer {
        public Announced {
            peers = List.copyOf(peers);
        }
    }

    /** Action 2: the counts of the one info-hash we scraped, as the tracker sent them (maybe negative). */
    record Scraped(int seeders, int completed, int leechers) implements UdpAnswer {
    }

    /** Action 3: the tracker refused, saying why (made printable). */
    record Refused(String message) implements UdpAnswer {
    }
}
