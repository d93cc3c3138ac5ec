package dev.gorrent.domain.peer;

/** Where a peer listens: a host (IP literal or name; an IPv6 literal in one spelling, see Ipv6Text) and a TCP port. */
public record PeerAddress(String host, int port) {
    public PeerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("peer host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer port " + port + " is not in 1..65535");
        }
        host = Ipv6Text.canonical(host);
    }

    // equals and hashCode by hand, as in BlockRef: peers are looked up by address for every message.
    @Override
    public boolean equals(Object other) {
        return other instanceof PeerAddress address && port == address.port && host.equals(address.host);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static PeerAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        return new PeerAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
