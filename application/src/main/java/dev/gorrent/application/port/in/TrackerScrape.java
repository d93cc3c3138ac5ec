package dev.gorrent.application.port.in;

import dev.gorrent.application.port.out.ScrapeResponse;

import java.util.Optional;

/**
 * What scraping one tracker of a torrent gave.
 *
 * @param tierNumber the BEP 12 tier the URL is listed in, counted from 1 as users see it
 * @param trackerUrl the announce URL as the torrent lists it
 * @param outcome    the tracker's counts, or why there are none
 */
public record TrackerScrape(int tierNumber, String trackerUrl, Outcome outcome) {
    public TrackerScrape {
        if (tierNumber < 1) {
            throw new IllegalArgumentException("tier numbers start at 1, got " + tierNumber);
        }
    }

    /** The tracker's counts when it answered. */
    public Optional<ScrapeResponse> counts() {
        return outcome instanceof Counted counted ? Optional.of(counted.counts()) : Optional.empty();
    }

    /** Either the counts or the reason there are none. */
    public sealed interface Outcome permits Counted, Failed {
    }

    /** The tracker answered with these counts. */
    public record Counted(ScrapeResponse counts) implements Outcome {
    }

    /** The tracker could not be scraped; {@code reason} is a sentence for the user. */
    public record Failed(String reason) implements Outcome {
    }
}
