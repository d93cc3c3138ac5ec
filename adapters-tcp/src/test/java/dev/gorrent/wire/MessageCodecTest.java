package dev.gorrent.wire;

import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.peer.PeerMessage.BitfieldMessage;
import dev.gorrent.domain.peer.PeerMessage.Cancel;
import dev.gorrent.domain.peer.PeerMessage.Choke;
import dev.gorrent.domain.peer.PeerMessage.Have;
import dev.gorrent.domain.peer.PeerMessage.Interested;
import dev.gorrent.domain.peer.PeerMessage.KeepAlive;
import dev.gorrent.domain.peer.PeerMessage.NotInterested;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.domain.peer.PeerMessage.Port;
import dev.gorrent.domain.peer.PeerMessage.Request;
import dev.gorrent.domain.peer.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static dev.gorrent.wire.WireBytes.concat;
import static dev.gorrent.wire.WireBytes.frame;
import static dev.gorrent.wire.WireBytes.ints;
import static dev.gorrent.wire.WireBytes.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_LENGTH);

    static Stream<PeerMessage> everyMessageType() {
        byte[] block = new byte[16 * 1024];
        new Random(7).nextBytes(block);
        byte[] bigBlock = new byte[MessageCodec.MAX_BLOCK_LENGTH];
        new Random(8).nextBytes(bigBlock);
        return Stream.of(
                new KeepAlive(), new Choke(), new Unchoke(), new Interested(), new NotInterested(),
                new Have(0), new Have(Integer.MAX_VALUE),
                new BitfieldMessage(new byte[]{(byte) 0b1010_0000, 1, (byte) 0xff}),
                new Request(1, 16_384, 16_384), new Cancel(2, 32_768, 16_384),
                new Piece(3, 49_152, block), new Piece(Integer.MAX_VALUE, 0, bigBlock), new Piece(0, 0, new byte[0]),
                new Port(0), new Port(6881), new Port(65535));
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void everyMessageSurvivesARoundTrip(PeerMessage message) throws IOException {
        byte[] frame = codec.encode(message);
        DataInputStream in = source(frame);

        assertSameMessage(message, codec.read(in).orElseThrow());
        assertEquals(0, in.available(), "the whole frame is consumed");
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void writingToAStreamGivesTheSameBytesAsEncoding(PeerMessage message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(message, out);

        assertArrayEquals(codec.encode(message), out.toByteArray());
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void theFrameLengthIsWhatWritingPutsOnTheWire(PeerMessage message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(message, out);

        assertEquals(out.size(), codec.frameLength(message));
    }

    @Test
    void theFrameLengthRefusesWhatCouldNotBeSent() {
        MessageCodec small = new MessageCodec(64);

        assertThrows(IllegalArgumentException.class,
                () -> codec.frameLength(new Piece(0, 0, new byte[MessageCodec.MAX_BLOCK_LENGTH + 1])));
        assertThrows(IllegalArgumentException.class, () -> small.frameLength(new BitfieldMessage(new byte[64])));
    }

    @Test
    void encodesTheBytesBep3Describes() {
        HexFormat hex = HexFormat.of();
        assertEquals("00000000", hex.formatHex(codec.encode(new KeepAlive())));
        assertEquals("0000000100", hex.formatHex(codec.encode(new Choke())));
        assertEquals("0000000102", hex.formatHex(codec.encode(new Interested())));
        assertEquals("000000050400000005", hex.formatHex(codec.encode(new Have(5))));
        assertEquals("0000000305a0ff",
                hex.formatHex(codec.encode(new BitfieldMessage(new byte[]{(byte) 0xa0, (byte) 0xff}))));
        assertEquals("0000000d06000000010000400000004000",
                hex.formatHex(codec.encode(new Request(1, 0x4000, 0x4000))));
        assertEquals("0000000b0700000002000000030a0b",
                hex.formatHex(codec.encode(new Piece(2, 3, new byte[]{0x0a, 0x0b}))));
        assertEquals("0000000d08000000010000400000004000",
                hex.formatHex(codec.encode(new Cancel(1, 0x4000, 0x4000))));
        assertEquals("00000003091ae1", hex.formatHex(codec.encode(new Port(6881))));
    }

    @Test
    void decodesAHandBuiltStreamOfSeveralFrames() throws IOException {
        DataInputStream in = source(
                new byte[4],
                frame(1),
                frame(4, ints(9)),
                frame(7, concat(ints(4, 16_384), new byte[]{1, 2, 3})));

        assertInstanceOf(KeepAlive.class, codec.read(in).orElseThrow());
        assertInstanceOf(Unchoke.class, codec.read(in).orElseThrow());
        assertEquals(new Have(9), codec.read(in).orElseThrow());
        Piece piece = (Piece) codec.read(in).orElseThrow();
        assertEquals(4, piece.pieceIndex());
        assertEquals(16_384, piece.begin());
        assertArrayEquals(new byte[]{1, 2, 3}, piece.block());
    }

    @Test
    void aHugeLengthPrefixIsRefusedBeforeAnyPayloadIsReadOrAllocated() {
        byte[] rest = new byte[20];
        ByteArrayInputStream bytes = new ByteArrayInputStream(concat(ints(0x7fffffff), rest));

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> codec.read(new DataInputStream(bytes)));

        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
        // Allocating first would have read on into the 20 bytes and ended in EOFException, or run out of memory.
        assertEquals(rest.length, bytes.available(), "nothing after the length prefix was read");
    }

    @Test
    void aNegativeLengthPrefixIsRefused() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(concat(ints(0x80000001), new byte[8]));

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> codec.read(new DataInputStream(bytes)));

        assertTrue(e.getMessage().contains("2147483649"), e.getMessage());
        assertEquals(8, bytes.available());
    }

    @Test
    void theFrameLimitIsConfigurable() throws IOException {
        MessageCodec small = new MessageCodec(100);

        BitfieldMessage fits = (BitfieldMessage) small.read(source(frame(5, new byte[99]))).orElseThrow();
        assertEquals(99, fits.bits().length);
        assertThrows(ProtocolViolationException.class, () -> small.read(source(frame(5, new byte[100]))));
    }

    @Test
    void aPieceBlockOverTheBlockLimitIsRefusedBeforeItIsRead() {
        int payload = 8 + MessageCodec.MAX_BLOCK_LENGTH + 1;
        ByteArrayInputStream bytes = new ByteArrayInputStream(concat(ints(1 + payload), new byte[]{7},
                new byte[payload]));

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> codec.read(new DataInputStream(bytes)));

        assertTrue(e.getMessage().contains("PIECE"), e.getMessage());
        assertEquals(payload, bytes.available(), "the payload was left unread");
    }

    @Test
    void weNeverEncodeABlockWeWouldRefuse() {
        Piece tooBig = new Piece(0, 0, new byte[MessageCodec.MAX_BLOCK_LENGTH + 1]);

        assertThrows(IllegalArgumentException.class, () -> codec.encode(tooBig));
        assertThrows(IllegalArgumentException.class, () -> codec.write(tooBig, new ByteArrayOutputStream()));
    }

    @Test
    void unknownMessageIdsAreSkippedAndReadingGoesOn() throws IOException {
        DataInputStream in = source(
                frame(20, concat(new byte[]{0}, "d1:md11:ut_metadatai3eee".getBytes(StandardCharsets.US_ASCII))),
                frame(13, ints(5)),
                frame(14),
                frame(255, new byte[5000]),
                frame(4, ints(9)));

        assertEquals(Optional.empty(), codec.read(in));
        assertEquals(Optional.empty(), codec.read(in));
        assertEquals(Optional.empty(), codec.read(in));
        assertEquals(Optional.empty(), codec.read(in));
        assertEquals(new Have(9), codec.read(in).orElseThrow());
        assertEquals(0, in.available());
    }

    @Test
    void anUnknownMessageOverTheLimitIsRefusedNotSkipped() {
        MessageCodec small = new MessageCodec(100);

        assertThrows(ProtocolViolationException.class, () -> small.read(source(frame(20, new byte[100]))));
    }

    @Test
    void anUnknownMessageCutShortEndsInEof() {
        byte[] whole = frame(20, new byte[50]);
        byte[] cut = Arrays.copyOf(whole, 30);

        assertThrows(EOFException.class, () -> codec.read(source(cut)));
    }

    static Stream<Arguments> wrongPayloadLengths() {
        return Stream.of(
                Arguments.of("CHOKE", 0, 1),
                Arguments.of("UNCHOKE", 1, 2),
                Arguments.of("INTERESTED", 2, 1),
                Arguments.of("NOT_INTERESTED", 3, 4),
                Arguments.of("HAVE", 4, 3),
                Arguments.of("HAVE", 4, 5),
                Arguments.of("BITFIELD", 5, 0),
                Arguments.of("REQUEST", 6, 11),
                Arguments.of("REQUEST", 6, 13),
                Arguments.of("PIECE", 7, 7),
                Arguments.of("CANCEL", 8, 8),
                Arguments.of("PORT", 9, 1),
                Arguments.of("PORT", 9, 3));
    }

    @ParameterizedTest(name = "{0} with {2} payload bytes")
    @MethodSource("wrongPayloadLengths")
    void aKnownMessageWithTheWrongPayloadLengthIsRefused(String name, int id, int payloadLength) {
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> codec.read(source(frame(id, new byte[payloadLength]), frame(1))));

        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    }

    @Test
    void fieldsNoTorrentCanHaveAreRefused() {
        assertThrows(ProtocolViolationException.class, () -> codec.read(source(frame(4, ints(-1)))));
        assertThrows(ProtocolViolationException.class, () -> codec.read(source(frame(6, ints(0, 0, -16_384)))));
        assertThrows(ProtocolViolationException.class, () -> codec.read(source(frame(8, ints(0, -1, 16_384)))));
        assertThrows(ProtocolViolationException.class, () -> codec.read(source(frame(7, ints(0, -5)))));
    }

    @Test
    void aFrameCutShortEndsInEof() {
        assertThrows(EOFException.class, () -> codec.read(source(new byte[]{0, 0})));
        assertThrows(EOFException.class, () -> codec.read(source(ints(5), new byte[]{4, 0, 0})));
        assertThrows(EOFException.class,
                () -> codec.read(source(ints(9 + 100), new byte[]{7}, ints(1, 2), new byte[99])));
    }

    /** Records holding arrays compare them by identity, so blocks and bitfields are compared by content. */
    static void assertSameMessage(PeerMessage expected, PeerMessage actual) {
        assertEquals(expected.getClass(), actual.getClass());
        if (expected instanceof Piece piece) {
            Piece other = (Piece) actual;
            assertEquals(piece.pieceIndex(), other.pieceIndex());
            assertEquals(piece.begin(), other.begin());
            assertArrayEquals(piece.block(), other.block());
        } else if (expected instanceof BitfieldMessage bitfield) {
            assertArrayEquals(bitfield.bits(), ((BitfieldMessage) actual).bits());
        } else {
            assertEquals(expected, actual);
        }
    }
}
