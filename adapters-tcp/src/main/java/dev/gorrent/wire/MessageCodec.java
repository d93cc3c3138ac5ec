package dev.gorrent.wire;

import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.peer.PeerMessage.BitfieldMessage;
import dev.gorrent.domain.peer.PeerMessage.Cancel;
import dev.gorrent.domain.peer.PeerMessage.Choke;
import dev.gorrent.domain.peer.PeerMessage.Have;
import dev.gorrent.domain.peer.PeerMessage.Ids;
import dev.gorrent.domain.peer.PeerMessage.Interested;
import dev.gorrent.domain.peer.PeerMessage.KeepAlive;
import dev.gorrent.domain.peer.PeerMessage.NotInterested;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.domain.peer.PeerMessage.Port;
import dev.gorrent.domain.peer.PeerMessage.Request;
import dev.gorrent.domain.peer.PeerMessage.Unchoke;

import java.io.DataInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Frames BEP 3 messages: a 4-byte big-endian length, then an id byte and the payload. Pure (no sockets),
 * stateless and thread-safe. Reading checks the length prefix against the limits before allocating or
 * reading anything, so a peer can never make us allocate what it merely claims.
 */
public final class MessageCodec {
    /** The largest PIECE block accepted or sent: 128 KiB, the most any client requests (16 KiB is usual). */
    public static final int MAX_BLOCK_LENGTH = 128 * 1024;
    /** Default cap on a length prefix: room for a bitfield of 8 million pieces. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;

    private static final int PREFIX = 4;
    /** Id plus index and begin. */
    private static final int PIECE_HEADER = 1 + 4 + 4;
    private static final KeepAlive KEEP_ALIVE = new KeepAlive();

    private final int maxFrameLength;

    /** @param maxFrameLength the largest length prefix accepted (id plus payload) */
    public MessageCodec(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("max frame length " + maxFrameLength + " is not positive");
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    // ---- encoding -----------------------------------------------------------------------------

    /** The whole frame, length prefix included. */
    public byte[] encode(PeerMessage message) {
        if (message instanceof Piece piece) {
            byte[] block = piece.block();
            return ByteBuffer.allocate(PREFIX + PIECE_HEADER + block.length)
                    .put(pieceHeader(piece))
                    .put(block)
                    .array();
        }
        if (message instanceof BitfieldMessage bitfield) {
            byte[] bits = bitfield.bits();
            return ByteBuffer.allocate(PREFIX + 1 + bits.length)
                    .put(bitfieldHeader(bits.length))
                    .put(bits)
                    .array();
        }
        return encodeFixed(message);
    }

    /**
     * How many bytes {@link #write} puts on the wire for this message, length prefix included. Refuses, like
     * writing would, a block or bitfield too large to send, so a caller can check before handing the message
     * to another thread.
     */
    public int frameLength(PeerMessage message) {
        if (message instanceof Piece piece) {
            return pieceHeader(piece).length + piece.block().length;
        }
        if (message instanceof BitfieldMessage bitfield) {
            int bitsLength = bitfield.bits().length; // bits() hands out a copy, so it is asked once
            return bitfieldHeader(bitsLength).length + bitsLength;
        }
        return encodeFixed(message).length;
    }

    /**
     * Writes one frame. Blocks and bitfields go out straight from their arrays after a small header, so a
     * block is never copied into a frame buffer first.
     */
    public void write(PeerMessage message, OutputStream out) throws IOException {
        if (message instanceof Piece piece) {
            out.write(pieceHeader(piece));
            out.write(piece.block());
        } else if (message instanceof BitfieldMessage bitfield) {
            byte[] bits = bitfield.bits();
            out.write(bitfieldHeader(bits.length));
            out.write(bits);
        } else {
            out.write(encodeFixed(message));
        }
    }

    /**
     * The frame length of a PIECE message carrying {@code blockLength} bytes, length prefix included; refuses a
     * block too large to send, as {@link #frameLength} does.
     */
    public int pieceFrameLength(int blockLength) {
        requireSendable(blockLength);
        return PREFIX + PIECE_HEADER + blockLength;
    }

    /** Writes the header of a PIECE message whose {@code blockLength} bytes the caller writes right after it. */
    public void writePieceHeader(int pieceIndex, int begin, int blockLength, OutputStream out) throws IOException {
        out.write(pieceHeader(pieceIndex, begin, blockLength));
    }

    private byte[] pieceHeader(Piece piece) {
        return pieceHeader(piece.pieceIndex(), piece.begin(), piece.block().length);
    }

    private static byte[] pieceHeader(int pieceIndex, int begin, int blockLength) {
        requireSendable(blockLength);
        return ByteBuffer.allocate(PREFIX + PIECE_HEADER)
                .putInt(PIECE_HEADER + blockLength)
                .put((byte) Ids.PIECE)
                .putInt(pieceIndex)
                .putInt(begin)
                .array();
    }

    private static void requireSendable(int blockLength) {
        if (blockLength > MAX_BLOCK_LENGTH) {
            // We would refuse such a block from a peer, so we never send one.
            throw new IllegalArgumentException("block of " + blockLength + " bytes exceeds "
                    + MAX_BLOCK_LENGTH + " bytes");
        }
    }

    private byte[] bitfieldHeader(int bitsLength) {
        if (bitsLength + 1 > maxFrameLength) {
            throw new IllegalArgumentException("bitfield of " + bitsLength + " bytes exceeds the "
                    + maxFrameLength + "-byte frame limit");
        }
        return ByteBuffer.allocate(PREFIX + 1).putInt(1 + bitsLength).put((byte) Ids.BITFIELD).array();
    }

    private static byte[] encodeFixed(PeerMessage message) {
        if (message instanceof KeepAlive) {
            return new byte[PREFIX];
        }
        if (message instanceof Choke) {
            return idOnly(Ids.CHOKE);
        }
        if (message instanceof Unchoke) {
            return idOnly(Ids.UNCHOKE);
        }
        if (message instanceof Interested) {
            return idOnly(Ids.INTERESTED);
        }
        if (message instanceof NotInterested) {
            return idOnly(Ids.NOT_INTERESTED);
        }
        if (message instanceof Have have) {
            return frame(Ids.HAVE, 4).putInt(have.pieceIndex()).array();
        }
        if (message instanceof Request request) {
            return frame(Ids.REQUEST, 12)
                    .putInt(request.pieceIndex()).putInt(request.begin()).putInt(request.length()).array();
        }
        if (message instanceof Cancel cancel) {
            return frame(Ids.CANCEL, 12)
                    .putInt(cancel.pieceIndex()).putInt(cancel.begin()).putInt(cancel.length()).array();
        }
        if (message instanceof Port port) {
            return frame(Ids.PORT, 2).putShort((short) port.port()).array();
        }
        throw new IllegalArgumentException("no fixed-size encoding for " + message);
    }

    private static byte[] idOnly(int id) {
        return frame(id, 0).array();
    }

    private static ByteBuffer frame(int id, int payloadLength) {
        return ByteBuffer.allocate(PREFIX + 1 + payloadLength).putInt(1 + payloadLength).put((byte) id);
    }

    // ---- decoding -----------------------------------------------------------------------------

    /**
     * Reads one frame. Returns empty for a message id this client does not speak (extension protocol,
     * fast extension, ...): its payload has been read and dropped, and the caller simply reads on.
     *
     * @throws ProtocolViolationException when the length prefix is over the limit, a known message has the
     *                                    wrong payload length, or a field is out of range
     * @throws java.io.EOFException       when the source ends, even mid-frame
     */
    public Optional<PeerMessage> read(DataInput in) throws IOException {
        return read(in, null);
    }

    /**
     * Like {@link #read(DataInput)}, taking the array of a PIECE's block from {@code blocks} (null: a new
     * array); the receiver hands it back to the pool once done with it.
     */
    public Optional<PeerMessage> read(DataInput in, BlockPool blocks) throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return Optional.of(KEEP_ALIVE);
        }
        if (length < 0 || length > maxFrameLength) {
            throw new ProtocolViolationException("a message announced " + Integer.toUnsignedString(length)
                    + " bytes, more than the " + maxFrameLength + "-byte limit");
        }
        int id = in.readUnsignedByte();
        int payload = length - 1;
        switch (id) {
            case Ids.CHOKE:
                expectPayload("CHOKE", payload, 0);
                return Optional.of(new Choke());
            case Ids.UNCHOKE:
                expectPayload("UNCHOKE", payload, 0);
                return Optional.of(new Unchoke());
            case Ids.INTERESTED:
                expectPayload("INTERESTED", payload, 0);
                return Optional.of(new Interested());
            case Ids.NOT_INTERESTED:
                expectPayload("NOT_INTERESTED", payload, 0);
                return Optional.of(new NotInterested());
            case Ids.HAVE:
                expectPayload("HAVE", payload, 4);
                return Optional.of(new Have(nonNegative("HAVE", "piece index", in.readInt())));
            case Ids.BITFIELD:
                return Optional.of(readBitfield(in, payload));
            case Ids.REQUEST:
                expectPayload("REQUEST", payload, 12);
                return Optional.of(new Request(nonNegative("REQUEST", "piece index", in.readInt()),
                        nonNegative("REQUEST", "block offset", in.readInt()),
                        nonNegative("REQUEST", "block length", in.readInt())));
            case Ids.PIECE:
                return Optional.of(readPiece(in, payload, blocks));
            case Ids.CANCEL:
                expectPayload("CANCEL", payload, 12);
                return Optional.of(new Cancel(nonNegative("CANCEL", "piece index", in.readInt()),
                        nonNegative("CANCEL", "block offset", in.readInt()),
                        nonNegative("CANCEL", "block length", in.readInt())));
            case Ids.PORT:
                expectPayload("PORT", payload, 2);
                return Optional.of(new Port(in.readUnsignedShort()));
            default:
                skip(in, payload);
                return Optional.empty();
        }
    }

    private static BitfieldMessage readBitfield(DataInput in, int payload) throws IOException {
        if (payload == 0) {
            throw new ProtocolViolationException("BITFIELD has no bytes; every torrent has at least one piece");
        }
        byte[] bits = new byte[payload];
        in.readFully(bits);
        return new BitfieldMessage(bits);
    }

    private static Piece readPiece(DataInput in, int payload, BlockPool blocks) throws IOException {
        if (payload < PIECE_HEADER - 1) {
            throw new ProtocolViolationException("PIECE has a " + payload + "-byte payload, shorter than its "
                    + (PIECE_HEADER - 1) + "-byte header");
        }
        int blockLength = payload - (PIECE_HEADER - 1);
        if (blockLength > MAX_BLOCK_LENGTH) {
            throw new ProtocolViolationException("PIECE carries a block of " + blockLength + " bytes, more than "
                    + MAX_BLOCK_LENGTH);
        }
        int index = nonNegative("PIECE", "piece index", in.readInt());
        int begin = nonNegative("PIECE", "block offset", in.readInt());
        byte[] block = blocks == null ? new byte[blockLength] : blocks.take(blockLength);
        in.readFully(block);
        return new Piece(index, begin, block);
    }

    private static void expectPayload(String name, int actual, int expected) throws ProtocolViolationException {
        if (actual != expected) {
            throw new ProtocolViolationException(name + " has a " + actual + "-byte payload (expected "
                    + expected + ")");
        }
    }

    private static int nonNegative(String name, String field, int value) throws ProtocolViolationException {
        if (value < 0) {
            throw new ProtocolViolationException(name + " has " + field + " " + Integer.toUnsignedString(value)
                    + ", beyond what any torrent holds");
        }
        return value;
    }

    /** Drops {@code count} bytes without a buffer of their size. */
    private static void skip(DataInput in, int count) throws IOException {
        int remaining = count;
        while (remaining > 0) {
            int skipped = in.skipBytes(remaining);
            if (skipped <= 0) {
                // skipBytes may give up without saying why; a real read throws EOFException at the end.
                in.readByte();
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
