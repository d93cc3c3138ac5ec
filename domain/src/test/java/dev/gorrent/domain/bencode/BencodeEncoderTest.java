package dev.gorrent.domain.bencode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BencodeEncoderTest {
    private static String encode(BValue value) {
        return new String(BencodeEncoder.encode(value), StandardCharsets.ISO_8859_1);
    }

    private static BValue.BDictionary dictionary(Object... keysAndValues) {
        Map<String, BValue> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put((String) keysAndValues[i], (BValue) keysAndValues[i + 1]);
        }
        return new BValue.BDictionary(entries);
    }

    @Test
    void encodesEveryKindOfValue() {
        assertEquals("i0e", encode(new BValue.BInteger(0)));
        assertEquals("i-42e", encode(new BValue.BInteger(-42)));
        assertEquals("i-9223372036854775808e", encode(new BValue.BInteger(Long.MIN_VALUE)));
        assertEquals("4:spam", encode(BValue.BString.of("spam")));
        assertEquals("0:", encode(new BValue.BString(new byte[0])));
        assertEquals("le", encode(new BValue.BList(List.of())));
        assertEquals("de", encode(new BValue.BDictionary(Map.of())));
        assertEquals("l4:spami1ee",
                encode(new BValue.BList(List.of(BValue.BString.of("spam"), new BValue.BInteger(1)))));
    }

    @Test
    void countsStringLengthsInBytesNotChars() {
        assertEquals("2:\u00c3\u00a9", encode(BValue.BString.of("é")));
    }

    @Test
    void sortsKeysByRawBytes() {
        BValue.BDictionary unsorted = dictionary(
                "\u00e9", new BValue.BInteger(5),
                "b", new BValue.BInteger(4),
                "ab", new BValue.BInteger(3),
                "a", new BValue.BInteger(2),
                "Z", new BValue.BInteger(1));
        assertEquals("d1:Zi1e1:ai2e2:abi3e1:bi4e1:\u00e9i5ee", encode(unsorted));
    }

    @Test
    void roundTripsThroughTheDecoder() throws BencodeException {
        BValue value = dictionary(
                "announce", BValue.BString.of("http://tracker.example/announce"),
                "info", dictionary(
                        "pieces", new BValue.BString(new byte[] {0, (byte) 0xff, 'e', ':', 'i'}),
                        "length", new BValue.BInteger(Long.MAX_VALUE),
                        "list", new BValue.BList(List.of(new BValue.BList(List.of()), new BValue.BInteger(-7)))));
        BValue decoded = BencodeDecoder.withDefaults().decode(BencodeEncoder.encode(value));
        assertEquals(value, decoded);
    }

    @Test
    void reEncodesCanonicalInputToTheSameBytes() throws BencodeException {
        byte[] canonical = "d3:cow3:moo4:listli1ei-2e0:e4:spam4:eggse".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(new String(canonical, StandardCharsets.ISO_8859_1),
                encode(BencodeDecoder.withDefaults().decode(canonical)));
    }

    @Test
    void sortsKeysThatWereDecodedOutOfOrder() throws BencodeException {
        BValue decoded = BencodeDecoder.withDefaults().decode("d1:bi1e1:ai2ee".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("d1:ai2e1:bi1ee", encode(decoded));
    }

    @Test
    void refusesKeysThatNoByteCanCarry() {
        BValue.BDictionary bad = dictionary("\u20ac", new BValue.BInteger(1));
        assertThrows(IllegalArgumentException.class, () -> BencodeEncoder.encode(bad));
    }
}
