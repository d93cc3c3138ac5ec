package dev.gorrent.tracker.http.server;

import dev.gorrent.domain.peer.PeerId;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A peer as the tracker lists it.
 *
 * @param ip           where its announce came from
 * @param left         bytes it still misses; zero makes it a seed
 * @param lastSeenNanos the tracker clock's reading at its latest announce
 */
record Peer(PeerId id, InetAddress ip, int port, long left, long lastSeenNanos) {

    boolean isSeed() {
        return left == 0;
    }

    boolean isIpv4() {
        return ip instanceof Inet4Address;
    }

    boolean sameEndpoint(InetAddress otherIp, int otherPort) {
        return port == otherPort && ip.equals(otherIp);
    }
}
