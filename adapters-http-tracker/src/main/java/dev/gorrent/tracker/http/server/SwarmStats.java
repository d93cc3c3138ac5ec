package dev.gorrent.tracker.http.server;

/**
 * One torrent's counts, as scrape (BEP 48) and announce report them.
 *
 * @param complete   seeds listed now
 * @param downloaded {@code completed} events seen since the swarm began
 * @param incomplete leechers listed now
 */
record SwarmStats(int complete, long downloaded, int incomplete) {
    static final SwarmStats EMPTY = new SwarmStats(0, 0, 0);
}
