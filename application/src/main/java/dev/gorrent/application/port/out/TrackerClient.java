package dev.gorrent.application.port.out;

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
}
