package dev.gorrent.tracker.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** BEP 48's examples and the edges around them. */
class ScrapeUrlTest {

    @ParameterizedTest
    @CsvSource({
        "http://example.com/announce, http://example.com/scrape",
        "http://example.com/x/announce, http://example.com/x/scrape",
        "http://example.com/announce.php, http://example.com/scrape.php",
        "http://example.com/announce?x2%0644, http://example.com/scrape?x2%0644",
        "http://example.com:8080/path/to/announce?passkey=a/b, http://example.com:8080/path/to/scrape?passkey=a/b",
        "https://example.com/announce#frag, https://example.com/scrape#frag",
        "http://[::1]:6969/announce, http://[::1]:6969/scrape"})
    void replacesAnnounceInTheLastPathSegment(String announce, String scrape) {
        assertEquals(Optional.of(scrape), ScrapeUrl.of(announce));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/a",
        "http://example.com/announce/",
        "http://example.com/x%064announce",
        "http://example.com/announce/stats",
        "http://example.com",
        "http://example.com?announce",
        "http://announce.example.com/",
        "example.com/announce"})
    void refusesUrlsWhoseLastPathSegmentDoesNotStartWithAnnounce(String announce) {
        assertEquals(Optional.empty(), ScrapeUrl.of(announce));
    }
}
