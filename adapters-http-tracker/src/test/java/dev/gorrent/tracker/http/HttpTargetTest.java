package dev.gorrent.tracker.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a plain GET connects to and names in its request line and Host field, for each kind of URL. */
class HttpTargetTest {
    @Test
    void ipv6LiteralIsBracketedInTheHostFieldOnly() {
        HttpTarget target = HttpTarget.of(URI.create("http://[2001:db8::1]:6969/announce"));

        assertEquals(new HttpTarget("2001:db8::1", 6969, "[2001:db8::1]:6969", "/announce"), target);
    }

    @Test
    void defaultPortIsLeftOutOfTheHostField() {
        HttpTarget target = HttpTarget.of(URI.create("http://Tracker.Example/announce"));

        assertEquals(new HttpTarget("Tracker.Example", 80, "Tracker.Example", "/announce"), target);
    }

    @Test
    void explicitPort80IsTheDefault() {
        assertEquals("tracker.example", HttpTarget.of(URI.create("http://tracker.example:80/a")).hostField());
    }

    @Test
    void percentEncodedQueryIsSentExactlyAsWritten() {
        HttpTarget target = HttpTarget.of(URI.create("http://t.example/a%2Fb/announce?info_hash=%00%ff%20~&x=a+b"));

        assertEquals("/a%2Fb/announce?info_hash=%00%ff%20~&x=a+b", target.requestTarget());
    }

    @Test
    void urlWithoutPathAsksForTheRoot() {
        assertEquals("/?info_hash=%01", HttpTarget.of(URI.create("http://t.example?info_hash=%01")).requestTarget());
    }

    @Test
    void nonAsciiCharactersAreEscapedAsUtf8() {
        assertEquals("/tr%C3%A4cker?name=%C3%A9", HttpTarget.of(URI.create("http://t.example/tr\u00e4cker?name=\u00e9"))
                .requestTarget());
    }

    @Test
    void fragmentIsNotSent() {
        assertEquals("/announce", HttpTarget.of(URI.create("http://t.example/announce#top")).requestTarget());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://:8080/announce", "http:opaque", "http://127.0.0.1:99999/announce",
            "http://under_score.example/announce", "/announce"})
    void urlWithoutAUsableHostAndPortIsRefused(String url) {
        assertThrows(IllegalArgumentException.class, () -> HttpTarget.of(URI.create(url)));
    }
}
