package dev.gorrent.tracker.http;

import java.util.Optional;

/**
 * BEP 48's rule for finding a tracker's scrape URL: in the announce URL's path, the text after the last '/' must
 * start with {@code announce}, which becomes {@code scrape}; anything else means the tracker cannot be scraped.
 * The query and fragment are kept, so a passkey in the announce URL reaches the scrape too.
 */
final class ScrapeUrl {
    private static final String ANNOUNCE = "announce";
    private static final String SCRAPE = "scrape";

    private ScrapeUrl() {
    }

    /** The scrape URL, or empty when the announce URL's last path segment does not start with "announce". */
    static Optional<String> of(String announceUrl) {
        int schemeEnd = announceUrl.indexOf("://");
        if (schemeEnd < 0) {
            return Optional.empty();
        }
        int pathStart = endOfAuthority(announceUrl, schemeEnd + 3);
        if (pathStart == announceUrl.length() || announceUrl.charAt(pathStart) != '/') {
            return Optional.empty();
        }
        int pathEnd = endOfPath(announceUrl, pathStart);
        int segment = announceUrl.lastIndexOf('/', pathEnd - 1) + 1;
        if (!announceUrl.startsWith(ANNOUNCE, segment)) {
            return Optional.empty();
        }
        return Optional.of(announceUrl.substring(0, segment) + SCRAPE
                + announceUrl.substring(segment + ANNOUNCE.length()));
    }

    private static int endOfAuthority(String url, int from) {
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }

    private static int endOfPath(String url, int from) {
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }
}
