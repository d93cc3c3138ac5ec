package dev.gorrent.wire;

import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerId;

import java.io.DataInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 68-byte BEP 3 handshake in both directions. Pure and stateless; which side speaks first is up to
 * the caller (the dialling side writes first, the accepting side reads first).
 */
public final class HandshakeCodec {
    private static final byte[] PROTOCOL = Handshake.PROTOCOL.getBytes(StandardCharsets.US_ASCII);

    private HandshakeCodec() {
    }

    public static byte[] encode(Handshake handshake) {
        return ByteBuffer.allocate(Handshake.LENGTH)
                .put((byte) PROTOCOL.length)
                .put(PROTOCOL)
                .put(handshake.reserved())
                .put(handshake.infoHash().toBytes())
                .put(handshake.peerId().toBytes())
                .array();
    }

    public static void write(Handshake handshake, OutputStream out) throws IOException {
        out.write(encode(handshake));
    }

    /**
     * Reads one handshake and checks its protocol string; the info-hash is the caller's to judge. The length
     * byte is checked before anything else is read, so a stranger speaking another protocol is refused at
     * once instead of after a timeout.
     *
     * @throws ProtocolViolationException when the bytes are not a BitTorrent handshake
     * @throws java.io.EOFException       when the source ends first
     */
    public static Handshake read(DataInput in) throws IOException {
        int protocolLength = in.readUnsignedByte();
        if (protocolLength != PROTOCOL.length) {
            throw new ProtocolViolationException("not a BitTorrent handshake: first byte is " + protocolLength
                    + ", expected " + PROTOCOL.length);
        }
        byte[] protocol = new byte[PROTOCOL.length];
        in.readFully(protocol);
        if (!Arrays.equals(protocol, PROTOCOL)) {
            throw new ProtocolViolationException("not a BitTorrent handshake: protocol is '" + printable(protocol)
                    + "', expected '" + Handshake.PROTOCOL + "'");
        }
        byte[] reserved = new byte[Handshake.RESERVED_LENGTH];
        in.readFully(reserved);
        byte[] infoHash = new byte[InfoHash.LENGTH];
        in.readFully(infoHash);
        byte[] peerId = new byte[PeerId.LENGTH];
        in.readFully(peerId);
        return new Handshake(reserved, InfoHash.of(infoHash), PeerId.of(peerId));
    }

    /** Keeps error messages readable whatever a stranger sent. */
    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return text.toString();
    }
}
