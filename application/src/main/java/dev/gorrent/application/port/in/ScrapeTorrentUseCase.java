package dev.gorrent.application.port.in;

import dev.gorrent.domain.metainfo.Metainfo;

import java.time.Duration;
import java.util.List;

/** Asks every tracker of a torrent how many seeders, leechers and completed downloads it counts. */
public interface ScrapeTorrentUseCase {

    /**
     * Scrapes each distinct tracker URL of the torrent, all at once, and waits at most {@code patience} in all; a
     * tracker that has not answered by then is reported as failed. One tracker's failure never hides another's
     * answer.
     *
     * @return one entry per distinct tracker URL, tier by tier in the torrent's own order (a URL listed in
     *         several tiers appears once, at its first tier); empty when the torrent names no tracker
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    List<TrackerScrape> scrape(Metainfo metainfo, Duration patience) throws InterruptedException;
}
