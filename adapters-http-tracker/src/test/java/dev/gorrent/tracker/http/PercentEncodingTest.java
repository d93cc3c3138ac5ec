package dev.gorrent.tracker.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentEncodingTest {
    /** RFC 3986 section 2.3, spelled out rather than computed so the test does not mirror the code. */
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    @Test
    void everyByteValueIsKeptWhenUnreservedAndOtherwiseEscapedInUppercaseHex() {
        for (int value = 0; value < 256; value++) {
            char c = (char) value;
            String expected = UNRESERVED.indexOf(c) >= 0 ? String.valueOf(c) : String.format("%%%02X", value);
            String actual = PercentEncoding.encode(new byte[] {(byte) value});
            assertEquals(expected, actual, "byte 0x" + Integer.toHexString(value));
        }
    }

    @Test
    void encodesAllBytesInOrderWithoutSeparators() {
        byte[] bytes = {0x00, (byte) 0xff, 0x20, '~', 'A', '.', '-', '_', 'z', '9', '%', '+', '&', '=', (byte) 0x80};
        assertEquals("%00%FF%20~A.-_z9%25%2B%26%3D%80", PercentEncoding.encode(bytes));
    }

    @Test
    void emptyInputGivesEmptyText() {
        assertEquals("", PercentEncoding.encode(new byte[0]));
    }

    @Test
    void plainAsciiTextPassesThroughUnchanged() {
        byte[] ascii = "-GR0001-abcXYZ012345".getBytes(StandardCharsets.US_ASCII);
        assertEquals("-GR0001-abcXYZ012345", PercentEncoding.encode(ascii));
    }
}
