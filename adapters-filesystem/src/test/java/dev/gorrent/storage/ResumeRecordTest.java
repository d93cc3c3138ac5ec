package dev.gorrent.storage;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeEncoder;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeRecordTest {
    private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    private static ResumeRecord sample() {
        Bitfield verified = new Bitfield(11);
        verified.set(0);
        verified.set(7);
        verified.set(10);
        return new ResumeRecord(HASH, verified,
                List.of(new FileStamp(5, 1_700_000_000_123_456_789L), new FileStamp(0, -3)));
    }

    @Test
    void encodingThenDecodingGivesTheSameRecord() {
        ResumeRecord record = sample();

        Optional<ResumeRecord> decoded = ResumeRecord.decode(record.encode(), 2);

        assertEquals(Optional.of(record), decoded);
        assertEquals(record.verified(), decoded.orElseThrow().verified());
    }

    @Test
    void theEncodingIsTheDocumentedDictionary() throws Exception {
        BDictionary root = (BDictionary) BencodeDecoder.withDefaults().decode(sample().encode());

        assertEquals(new BInteger(ResumeRecord.FORMAT), root.get("format").orElseThrow());
        assertEquals(new BString(HASH.toBytes()), root.get("info-hash").orElseThrow());
        assertEquals(new BInteger(11), root.get("pieces").orElseThrow());
        assertEquals(new BString(new byte[] {(byte) 0x81, 0x20}), root.get("verified").orElseThrow());
        BList files = (BList) root.get("files").orElseThrow();
        assertEquals(new BDictionary(Map.of("length", new BInteger(5),
                        "mtime-ns", new BInteger(1_700_000_000_123_456_789L))),
                files.values().get(0));
    }

    @Test
    void garbageAndTruncatedRecordsDecodeToNothing() {
        byte[] good = sample().encode();

        assertEquals(Optional.empty(), ResumeRecord.decode(new byte[0], 2));
        assertEquals(Optional.empty(),
                ResumeRecord.decode("not bencode at all".getBytes(StandardCharsets.US_ASCII), 2));
        assertEquals(Optional.empty(), ResumeRecord.decode("i1e".getBytes(StandardCharsets.US_ASCII), 2));
        assertEquals(Optional.empty(), ResumeRecord.decode("de".getBytes(StandardCharsets.US_ASCII), 2));
        assertEquals(Optional.empty(), ResumeRecord.decode(Arrays.copyOf(good, good.length - 1), 2));
        assertEquals(Optional.empty(), ResumeRecord.decode(Arrays.copyOf(good, good.length + 1), 2));
    }

    @Test
    void aRecordWithMoreFilesThanTheTorrentHasIsRefused() {
        assertEquals(Optional.empty(), ResumeRecord.decode(sample().encode(), 1));
    }

    @Test
    void eachBrokenFieldMakesTheRecordUnusable() {
        assertEquals(Optional.empty(), decodeWith("format", new BInteger(2)));
        assertEquals(Optional.empty(), decodeWith("format", BString.of("1")));
        assertEquals(Optional.empty(), decodeWith("info-hash", new BString(new byte[19])));
        assertEquals(Optional.empty(), decodeWith("pieces", new BInteger(8)));
        assertEquals(Optional.empty(), decodeWith("pieces", new BInteger(17)));
        assertEquals(Optional.empty(), decodeWith("pieces", new BInteger(-1)));
        assertEquals(Optional.empty(), decodeWith("pieces", new BInteger(1L << 40)));
        // 11 pieces leave five spare bits in the second byte; one of them set is not a bitfield for 11 pieces.
        assertEquals(Optional.empty(), decodeWith("verified", new BString(new byte[] {0, 0x01})));
        assertEquals(Optional.empty(), decodeWith("verified", new BString(new byte[] {0, 0, 0})));
        assertEquals(Optional.empty(), decodeWith("files", new BList(List.of(new BInteger(5)))));
        assertEquals(Optional.empty(), decodeWith("files", new BList(List.of(
                new BDictionary(Map.of("length", new BInteger(5)))))));
        assertEquals(Optional.empty(), decodeWith("files", BString.of("none")));
        // The unchanged dictionary decodes, so each refusal above is down to its one field.
        assertTrue(decodeWith("format", new BInteger(ResumeRecord.FORMAT)).isPresent());
    }

    private static Optional<ResumeRecord> decodeWith(String key, BValue value) {
        try {
            BDictionary root = (BDictionary) BencodeDecoder.withDefaults().decode(sample().encode());
            Map<String, BValue> entries = new LinkedHashMap<>(root.entries());
            entries.put(key, value);
            return ResumeRecord.decode(BencodeEncoder.encode(new BDictionary(entries)), 2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
