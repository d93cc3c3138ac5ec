package dev.gorrent.tracker.http.server;

import java.time.Duration;

/**
 * How the embedded tracker paces and bounds its swarms.
 *
 * @param interval           how often clients should announce; peers silent for two intervals are dropped
 * @param minInterval        the least time clients may leave between announces (at most {@code interval})
 * @param maxTorrents        swarms kept at once; announces for further torrents are refused
 * @param maxPeersPerTorrent peers kept per swarm; further peers are refused
 */
public record EmbeddedTrackerSettings(Duration interval, Duration minInterval, int maxTorrents,
                                      int maxPeersPerTorrent) {
    public EmbeddedTrackerSettings {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tracker interval must be at least 1 s, got " + interval);
        }
        if (minInterval.isNegative() || minInterval.compareTo(interval) > 0) {
            throw new IllegalArgumentException("tracker min interval must be within 0.." + interval + ", got "
                    + minInterval);
        }
        if (maxTorrents < 1 || maxPeersPerTorrent < 1) {
            throw new IllegalArgumentException("tracker limits must be positive, got " + maxTorrents + " torrents x "
                    + maxPeersPerTorrent + " peers");
        }
    }

    /** A one-minute interval (short, so a demo swarm sees newcomers soon), 10 s minimum, 1000 torrents x 1000 peers. */
    public static EmbeddedTrackerSettings defaults() {
        return new EmbeddedTrackerSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), 1000, 1000);
    }

    /** The same settings with another interval; the min interval shrinks to it if it was longer. */
    public EmbeddedTrackerSettings withInterval(Duration newInterval) {
        Duration newMin = minInterval.compareTo(newInterval) > 0 ? newInterval : minInterval;
        return new EmbeddedTrackerSettings(newInterval, newMin, maxTorrents, maxPeersPerTorrent);
    }

    public EmbeddedTrackerSettings withLimits(int newMaxTorrents, int newMaxPeersPerTorrent) {
        return new EmbeddedTrackerSettings(interval, minInterval, newMaxTorrents, newMaxPeersPerTorrent);
    }

    /** How long a silent peer stays listed. */
    Duration peerLifetime() {
        return interval.multipliedBy(2);
    }
}
