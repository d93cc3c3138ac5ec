package dev.gorrent.application.port.out;

/**
 * A tracker's counts for one torrent (BEP 48 over HTTP, action 2 of BEP 15 over UDP).
 *
 * @param seeders   peers that have the whole torrent ({@code complete})
 * @param completed how many times the tracker saw a download finish ({@code downloaded})
 * @param leechers  peers still downloading ({@code incomplete})
 */
public record ScrapeResponse(int seeders, int completed, int leechers) {
    public ScrapeResponse {
        if (seeders < 0 || completed < 0 || leechers < 0) {
            throw new IllegalArgumentException("scrape counts cannot be negative: seeders " + seeders
                    + ", completed " + completed + ", leechers " + leechers);
        }
    }
}
