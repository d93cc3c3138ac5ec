package dev.gorrent.application.port.in;

/** Serves a complete torrent to other peers until interrupted. */
public interface SeedTorrentUseCase {

    /**
     * Verifies the data, then uploads until the calling thread is interrupted, and returns after a
     * clean stop (trackers told).
     *
     * @throws DownloadException when the data is not complete or cannot be read, or no port can be bound
     */
    SeedResult seed(SeedRequest request) throws DownloadException;
}
