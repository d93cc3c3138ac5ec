package dev.gorrent.tracker.udp;

/**
 * A tracker's scrape counts for one torrent.
 *
 * @param seeders   peers with the whole torrent
 * @param completed how many times the tracker saw the torrent completed
 * @param leechers  peers still downloading
 */
public record ScrapeResult(int seeders, int completed, int leechers) {
}
