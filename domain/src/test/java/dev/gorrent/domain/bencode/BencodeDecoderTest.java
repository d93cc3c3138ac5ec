package dev.gorrent.domain.bencode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BencodeDecoderTest {
    private final BencodeDecoder decoder = BencodeDecoder.withDefaults();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private BValue decode(String text) throws BencodeException {
        return decoder.decode(bytes(text));
    }

    private static String failure(BencodeDecoder decoder, byte[] input) {
        return assertThrows(BencodeException.class, () -> decoder.decode(input)).getMessage();
    }

    @Test
    void decodesIntegers() throws BencodeException {
        assertEquals(new BValue.BInteger(42), decode("i42e"));
        assertEquals(new BValue.BInteger(-42), decode("i-42e"));
        assertEquals(new BValue.BInteger(0), decode("i0e"));
        assertEquals(new BValue.BInteger(Long.MAX_VALUE), decode("i9223372036854775807e"));
        assertEquals(new BValue.BInteger(Long.MIN_VALUE), decode("i-9223372036854775808e"));
    }

    @Test
    void decodesStringsAsRawBytes() throws BencodeException {
        assertEquals(BValue.BString.of("spam"), decode("4:spam"));
        assertEquals(new BValue.BString(new byte[0]), decode("0:"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 'e'}, ((BValue.BString) decode("3:\u0000\u00ffe")).bytes());
    }

    @Test
    void decodesNestedListsAndDictionaries() throws BencodeException {
        BValue value = decode("d4:listl4:spami-1ee3:subd1:dd0:lee1:x0:ee");
        BValue.BDictionary dictionary = (BValue.BDictionary) value;
        assertEquals(new BValue.BList(List.of(BValue.BString.of("spam"), new BValue.BInteger(-1))),
                dictionary.get("list").orElseThrow());
        BValue.BDictionary sub = (BValue.BDictionary) dictionary.get("sub").orElseThrow();
        assertEquals(new BValue.BDictionary(java.util.Map.of("", new BValue.BList(List.of()))),
                sub.get("d").orElseThrow());
        assertEquals(BValue.BString.of(""), sub.get("x").orElseThrow());
    }

    @Test
    void acceptsUnsortedKeysAndKeepsTheirInputOrder() throws BencodeException {
        BValue.BDictionary dictionary = (BValue.BDictionary) decode("d1:bi1e1:ai2ee");
        assertEquals(List.of("b", "a"), List.copyOf(dictionary.entries().keySet()));
    }

    @Test
    void keepsKeyBytesAsIso88591() throws BencodeException {
        BValue.BDictionary dictionary = (BValue.BDictionary) decode("d2:\u00c3\u00a9i1ee");
        assertTrue(dictionary.containsKey("\u00c3\u00a9"), "the UTF-8 bytes of 'é', one char per byte");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                      | empty input, expected a value at offset 0",
        "i42ex                     | trailing data after the top-level value at offset 4",
        "i1ei2e                    | trailing data after the top-level value at offset 3",
        "ie                        | integer has no digits at offset 0",
        "i-e                       | integer has no digits at offset 0",
        "i03e                      | integer has a leading zero at offset 0",
        "i-03e                     | integer has a leading zero at offset 0",
        "i00e                      | integer has a leading zero at offset 0",
        "i-0e                      | integer is negative zero at offset 0",
        "i12a4e                    | unexpected byte 'a' inside an integer at offset 3",
        "i+1e                      | unexpected byte '+' inside an integer at offset 1",
        "i1.5e                     | unexpected byte '.' inside an integer at offset 2",
        "i9223372036854775808e     | integer does not fit in 64 bits at offset 0",
        "i-9223372036854775809e    | integer does not fit in 64 bits at offset 0",
        "i99999999999999999999e    | integer does not fit in 64 bits at offset 0",
        "i42                       | unterminated integer (started at offset 0) at offset 3",
        "4:spa                     | string length 4 exceeds the 3 bytes left at offset 0",
        "l99999999:aaaaaaaaaaae    | string length 99999999 exceeds the 12 bytes left at offset 1",
        "99999999999999999999:     | string length 99999999999999999999 exceeds the 0 bytes left at offset 0",
        "01:a                      | string length has a leading zero at offset 0",
        "4spam                     | unexpected byte 's' inside a string length at offset 1",
        "-1:a                      | unexpected byte '-', expected a value at offset 0",
        "12                        | unterminated string length (started at offset 0) at offset 2",
        "x                         | unexpected byte 'x', expected a value at offset 0",
        "e                         | unexpected byte 'e', expected a value at offset 0",
        "l                         | unterminated list (started at offset 0) at offset 1",
        "li1e                      | unterminated list (started at offset 0) at offset 4",
        "d1:ai1e                   | unterminated dictionary (started at offset 0) at offset 7",
        "di1e1:ae                  | dictionary key must be a string, found byte 'i' at offset 1",
        "dli1ee1:ae                | dictionary key must be a string, found byte 'l' at offset 1",
        "d1:a1:b1:a1:ce            | duplicate dictionary key 'a' at offset 7",
        "d1:ae                     | dictionary key 'a' has no value at offset 4",
    })
    void refusesMalformedInputNamingTheProblemAndOffset(String input, String message) {
        assertEquals(message, failure(decoder, bytes(input)));
    }

    @Test
    void reportsTheOffsetAsAValue() {
        BencodeException error = assertThrows(BencodeException.class, () -> decode("l4:spami1x"));
        assertEquals(9, error.offset());
    }

    @Test
    void quotesOnlyTheStartOfAnAbsurdlyLongStringLength() {
        byte[] input = bytes("1".repeat(1000) + ":");
        assertEquals("string length " + "1".repeat(24) + "... (1000 digits) exceeds the 0 bytes left at offset 0",
                failure(decoder, input));
    }

    @Test
    void checksAHugeDeclaredLengthAgainstTheBytesLeftBeforeAllocating() {
        // Allocating first would need 2 GB; the check must come before, whatever the heap.
        assertEquals("string length 2147483647 exceeds the 3 bytes left at offset 0",
                failure(decoder, bytes("2147483647:abc")));
        assertEquals("string length 2147483648 exceeds the 3 bytes left at offset 0",
                failure(decoder, bytes("2147483648:abc")));
    }

    @Test
    void refusesNestingBeyondTheDepthLimit() throws BencodeException {
        BencodeDecoder shallow = new BencodeDecoder(new BencodeLimits(3, 100, 100));
        assertEquals(new BValue.BList(List.of(new BValue.BList(List.of(new BValue.BList(List.of()))))),
                shallow.decode(bytes("llleee")));
        assertEquals("nesting deeper than 3 levels at offset 3", failure(shallow, bytes("lllleeee")));
        assertEquals("nesting deeper than 3 levels at offset 9", failure(shallow, bytes("d1:ald1:xlleee")));
    }

    @Test
    void refusesADepthBombAtTheDefaultLimit() {
        byte[] bomb = new byte[100_000];
        Arrays.fill(bomb, (byte) 'l');
        assertEquals("nesting deeper than 100 levels at offset 100", failure(decoder, bomb));
    }

    @Test
    void decodesDeepNestingWithoutUsingTheCallStack() throws BencodeException {
        // A recursive decoder would overflow the stack long before 100000 levels.
        int depth = 100_000;
        BencodeDecoder permissive = new BencodeDecoder(new BencodeLimits(depth, depth, 2 * depth));
        byte[] nested = bytes("l".repeat(depth) + "e".repeat(depth));
        BValue value = permissive.decode(nested);
        int levels = 0;
        while (value instanceof BValue.BList list) {
            levels++;
            value = list.values().isEmpty() ? null : list.values().get(0);
        }
        assertEquals(depth, levels);
    }

    @Test
    void refusesMoreTokensThanTheLimit() throws BencodeException {
        BencodeDecoder few = new BencodeDecoder(new BencodeLimits(10, 3, 100));
        assertEquals(2, ((BValue.BList) few.decode(bytes("li1ei2ee"))).values().size());
        assertEquals("more than 3 tokens at offset 7", failure(few, bytes("li1ei2ei3ee")));
        assertEquals("more than 3 tokens at offset 7", failure(few, bytes("d1:ai1e1:bi2ee")));
    }

    @Test
    void checksTheInputSizeBeforeAnythingElse() {
        BencodeDecoder small = new BencodeDecoder(new BencodeLimits(10, 10, 4));
        assertEquals("input of 7 bytes exceeds the limit of 4 bytes at offset 4", failure(small, bytes("5:hello")));
        assertEquals("input of 7 bytes exceeds the limit of 4 bytes at offset 4", failure(small, bytes("garbage")));
    }

    @Test
    void refusesNonPositiveLimits() {
        assertThrows(IllegalArgumentException.class, () -> new BencodeDecoder(new BencodeLimits(0, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new BencodeDecoder(new BencodeLimits(1, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new BencodeDecoder(new BencodeLimits(1, 1, 0)));
    }

    @Test
    void reportsTheExactSpanOfEachTopLevelDictionaryValue() throws BencodeException {
        byte[] input = bytes("d1:zi7e4:infod1:xi1e1:al0:ee3:end4:donee");
        BencodeDocument document = decoder.decodeDocument(input);
        ByteSpan info = document.spanOf("info").orElseThrow();
        assertEquals("d1:xi1e1:al0:ee", new String(input, info.offset(), info.length(), StandardCharsets.ISO_8859_1));
        assertEquals(new ByteSpan(4, 3), document.spanOf("z").orElseThrow());
        assertEquals(new ByteSpan(33, 6), document.spanOf("end").orElseThrow());
        assertTrue(document.spanOf("x").isEmpty(), "nested keys have no top-level span");
    }

    @Test
    void reportsNoSpansForARootThatIsNotADictionary() throws BencodeException {
        BencodeDocument document = decoder.decodeDocument(bytes("ld4:infoi1eee"));
        assertTrue(document.topLevelSpans().isEmpty());
    }
}
