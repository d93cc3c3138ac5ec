package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.tracker.net.HostResolver;
import dev.gorrent.tracker.net.LookupAbandoned;

import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The host and port of a {@code udp://host:port/anything} tracker URL; the path and query are ignored (no BEP 41).
 *
 * @param host a name, an IPv4 literal, or an IPv6 literal without brackets
 */
record UdpTrackerUrl(String host, int port) {
    static final String SCHEME_PREFIX = "udp://";

    static boolean isUdp(String url) {
        return url.regionMatches(true, 0, SCHEME_PREFIX, 0, SCHEME_PREFIX.length());
    }

    static UdpTrackerUrl parse(String url) throws TrackerException {
        if (!isUdp(url)) {
            throw new TrackerException("'" + url + "' is not a udp:// tracker URL");
        }
        String rest = url.substring(SCHEME_PREFIX.length());
        String authority = rest.substring(0, endOfAuthority(rest));
        String host;
        String afterHost;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new TrackerException("udp tracker URL '" + url + "' has an unclosed '[' in its host");
            }
            host = authority.substring(1, close);
            afterHost = authority.substring(close + 1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            afterHost = colon < 0 ? "" : authority.substring(colon);
            if (host.indexOf(':') >= 0) {
                throw new TrackerException(
                        "udp tracker URL '" + url + "' has an IPv6 host without brackets (write [addr]:port)");
            }
        }
        if (host.isEmpty()) {
            throw new TrackerException("udp tracker URL '" + url + "' has no host");
        }
        if (!afterHost.startsWith(":") || afterHost.length() == 1) {
            // UDP trackers have no conventional port to fall back on.
            throw new TrackerException("udp tracker URL '" + url + "' has no port");
        }
        return new UdpTrackerUrl(host, parsePort(url, afterHost.substring(1)));
    }

    private static int endOfAuthority(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return rest.length();
    }

    private static int parsePort(String url, String digits) throws TrackerException {
        int port;
        try {
            port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new TrackerException("udp tracker URL '" + url
                    + "' has a port that is not a number: '" + digits + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new TrackerException("udp tracker URL '" + url + "' has port " + port + ", not in 1..65535");
        }
        return port;
    }

    /**
     * Looks the host up, waiting at most {@code wait}.
     *
     * @throws TrackerException when the lookup fails, does not finish in time, or the caller is interrupted (whose
     *                          interrupt flag then stays set)
     */
    InetSocketAddress resolve(HostResolver resolver, Duration wait) throws TrackerException {
        try {
            return new InetSocketAddress(resolver.resolve(host, wait), port);
        } catch (LookupAbandoned | InterruptedIOException e) {
            // Their messages name the host and say what became of the lookup.
            throw new TrackerException("udp tracker " + displayName() + ": " + e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new TrackerException("udp tracker " + displayName() + ": host '" + host
                    + "' is unknown (name lookup failed)", e);
        }
    }

    /** {@code host:port}, with brackets around an IPv6 literal; used in every message about this tracker. */
    String displayName() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
