package dev.gorrent.tracker.http.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryStringTest {

    @Test
    void decodesEscapesToRawBytesInEitherCase() throws Exception {
        QueryString query = QueryString.parse("info_hash=%00%ff%FF%25a-._~");

        assertArrayEquals(new byte[] {0x00, (byte) 0xff, (byte) 0xff, '%', 'a', '-', '.', '_', '~'},
                query.first("info_hash").orElseThrow());
    }

    @Test
    void plusIsASpaceAndEscapedPlusIsAPlus() throws Exception {
        QueryString query = QueryString.parse("a=x+y&b=x%2By");

        assertEquals("x y", query.text("a").orElseThrow());
        assertEquals("x+y", query.text("b").orElseThrow());
    }

    @Test
    void keepsEveryValueOfARepeatedNameInOrderAndFirstWins() throws Exception {
        QueryString query = QueryString.parse("info_hash=one&x=1&info_hash=two");

        assertEquals("one", query.text("info_hash").orElseThrow());
        assertEquals(2, query.all("info_hash").size());
        assertEquals("two", new String(query.all("info_hash").get(1), StandardCharsets.US_ASCII));
    }

    @Test
    void toleratesEmptyPairsNamesWithoutValuesAndNoQuery() throws Exception {
        QueryString query = QueryString.parse("&&flag&event=&");

        assertEquals("", query.text("flag").orElseThrow());
        assertEquals("", query.text("event").orElseThrow());
        assertTrue(QueryString.parse("").first("info_hash").isEmpty());
    }

    @Test
    void refusesBrokenEscapes() {
        RequestRefused bad = assertThrows(RequestRefused.class, () -> QueryString.parse("info_hash=%zz"));
        assertTrue(bad.getMessage().contains("'%zz'"), bad.getMessage());
        assertThrows(RequestRefused.class, () -> QueryString.parse("info_hash=ab%4"));
        assertThrows(RequestRefused.class, () -> QueryString.parse("info_hash=ab%"));
    }

    @Test
    void refusesUnescapedNonAscii() {
        assertThrows(RequestRefused.class, () -> QueryString.parse("peer_id=caf\u00e9"));
    }

    @Test
    void refusesOverlongQueries() {
        String huge = "x=" + "a".repeat(QueryString.MAX_LENGTH);

        RequestRefused refused = assertThrows(RequestRefused.class, () -> QueryString.parse(huge));
        assertTrue(refused.getMessage().contains("more than " + QueryString.MAX_LENGTH), refused.getMessage());
    }
}
