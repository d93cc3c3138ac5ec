package dev.gorrent.wire;

import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.gorrent.wire.WireBytes.INFO_HASH;
import static dev.gorrent.wire.WireBytes.OUR_ID;
import static dev.gorrent.wire.WireBytes.handshake;
import static dev.gorrent.wire.WireBytes.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeCodecTest {
    private static final byte[] RESERVED = {0, 0, 0, 0, 0, 0x10, 0, 0x05};

    @Test
    void encodesTheSixtyEightBytesOfBep3() {
        Handshake ours = new Handshake(RESERVED, InfoHash.of(INFO_HASH), PeerId.of(OUR_ID));

        byte[] encoded = HandshakeCodec.encode(ours);

        assertEquals(Handshake.LENGTH, encoded.length);
        assertArrayEquals(handshake("BitTorrent protocol", RESERVED, INFO_HASH, OUR_ID), encoded);
    }

    @Test
    void readsAHandBuiltHandshakeAndKeepsTheReservedBits() throws Exception {
        DataInputStream in = source(handshake("BitTorrent protocol", RESERVED, INFO_HASH, OUR_ID), new byte[]{0, 0});

        Handshake read = HandshakeCodec.read(in);

        assertEquals(new Handshake(RESERVED, InfoHash.of(INFO_HASH), PeerId.of(OUR_ID)), read);
        assertEquals(2, in.available(), "exactly 68 bytes are read");
    }

    @Test
    void garbageIsRefusedAfterItsFirstByte() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayInputStream bytes = new ByteArrayInputStream(http);

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.read(new DataInputStream(bytes)));

        assertTrue(e.getMessage().contains("not a BitTorrent handshake"), e.getMessage());
        assertEquals(http.length - 1, bytes.available(), "no more read than the length byte");
    }

    @Test
    void aWrongProtocolStringOfTheRightLengthIsRefused() {
        byte[] wrong = handshake("BitTorrent protocoX", new byte[8], INFO_HASH, OUR_ID);

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.read(source(wrong)));

        assertTrue(e.getMessage().contains("'BitTorrent protocoX'"), e.getMessage());
    }

    @Test
    void unprintableProtocolBytesAreShownAsQuestionMarks() {
        byte[] wrong = handshake("BitTorrent protocol", new byte[8], INFO_HASH, OUR_ID);
        wrong[1] = 0x07;

        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.read(source(wrong)));

        assertTrue(e.getMessage().contains("'?itTorrent protocol'"), e.getMessage());
    }

    @Test
    void aShortHandshakeEndsInEof() {
        byte[] whole = handshake(INFO_HASH, OUR_ID);

        assertThrows(EOFException.class, () -> HandshakeCodec.read(source(Arrays.copyOf(whole, 67))));
        assertThrows(EOFException.class, () -> HandshakeCodec.read(source(new byte[0])));
    }
}
