package dev.gorrent.tracker.http;

import java.net.URI;

/**
 * Where a plain {@code http://} GET goes and what its request names.
 *
 * @param host          to resolve and connect to: a name, or an address literal (IPv6 without brackets)
 * @param hostField     the Host field: the URL's host (IPv6 in brackets), with the port unless it is 80
 * @param requestTarget the URL's path and query exactly as percent-encoded there, "/" when it has no path
 */
record HttpTarget(String host, int port, String hostField, String requestTarget) {
    static final int DEFAULT_PORT = 80;

    /** @throws IllegalArgumentException saying what is wrong, when the URL names no host or an impossible port */
    static HttpTarget of(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("it names no host");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        String connectHost = bracketed ? host.substring(1, host.length() - 1) : host;
        String hostField = port == DEFAULT_PORT ? host : host + ":" + port;
        // Escapes only non-ASCII characters (as UTF-8): the info-hash is already percent-encoded and must stay as is.
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String query = ascii.getRawQuery();
        return new HttpTarget(connectHost, port, hostField, query == null ? path : path + "?" + query);
    }
}
