package dev.gorrent.application.port.out;

import dev.gorrent.domain.metainfo.InfoHash;

/** Talks to trackers. Implementations must be safe to call from several threads and must time out. */
public interface TrackerClient {

    /** Whether this client speaks the URL's scheme (http, https, udp...). */
    boolean supports(String trackerUrl);

    /**
     * Announces and returns the tracker's answer.
     *
     * @throws TrackerException when the tracker cannot be reached in time, answers garbage, or sends a
     *                          {@code failure reason} (which becomes the message)
     */
    AnnounceResponse announce(AnnounceRequest request) throws TrackerException;

    /**
     * Asks the tracker behind an announce URL how many peers it knows for one torrent.
     *
     * @throws TrackerException when the tracker cannot be reached in time, answers garbage, refuses, has no stats for
     *                          the torrent, or cannot be scraped at all (an HTTP announce URL whose last path
     *                          segment does not start with {@code announce}, BEP 48)
     */
    ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException;
}
