package dev.gorrent.wire;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Wire bytes built by hand from BEP 3, so tests do not check the codec against itself. */
final class WireBytes {
    static final byte[] INFO_HASH = filled(20, 0x11);
    static final byte[] OTHER_INFO_HASH = filled(20, 0x22);
    static final byte[] OUR_ID = "-GR0001-ourselves000".getBytes(StandardCharsets.US_ASCII);
    static final byte[] THEIR_ID = "-XX0001-somebody0000".getBytes(StandardCharsets.US_ASCII);

    private WireBytes() {
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] handshake(String protocol, byte[] reserved, byte[] infoHash, byte[] peerId) {
        byte[] pstr = protocol.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + pstr.length + 8 + 20 + 20)
                .put((byte) pstr.length).put(pstr).put(reserved).put(infoHash).put(peerId).array();
    }

    static byte[] handshake(byte[] infoHash, byte[] peerId) {
        return handshake("BitTorrent protocol", new byte[8], infoHash, peerId);
    }

    /** A frame whose length prefix matches its content. */
    static byte[] frame(int id, byte... payload) {
        return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put((byte) id).put(payload).array();
    }

    static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    static DataInputStream source(byte[]... parts) {
        return new DataInputStream(new ByteArrayInputStream(concat(parts)));
    }

    static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
