package dev.gorrent.domain.peer;

/**
 * The BEP 3 peer wire messages as values. Decoding and framing live in the TCP adapter; these records
 * check only what a value on its own can check (non-negative indexes), not what depends on a torrent.
 */
public sealed interface PeerMessage {

    /** Message ids as sent on the wire (keep-alive has none). */
    final class Ids {
        public static final int CHOKE = 0;
        public static final int UNCHOKE = 1;
        public static final int INTERESTED = 2;
        public static final int NOT_INTERESTED = 3;
        public static final int HAVE = 4;
        public static final int BITFIELD = 5;
        public static final int REQUEST = 6;
        public static final int PIECE = 7;
        public static final int CANCEL = 8;
        public static final int PORT = 9;

        private Ids() {
        }
    }

    /** A zero-length frame that keeps an idle connection open. */
    record KeepAlive() implements PeerMessage {
    }

    /** The sender will not answer our requests. */
    record Choke() implements PeerMessage {
    }

    /** The sender will answer our requests. */
    record Unchoke() implements PeerMessage {
    }

    /** The sender wants pieces we have. */
    record Interested() implements PeerMessage {
    }

    /** The sender wants nothing from us. */
    record NotInterested() implements PeerMessage {
    }

    /** The sender has verified a piece. */
    record Have(int pieceIndex) implements PeerMessage {
        public Have {
            requireNonNegative(pieceIndex, "piece index");
        }
    }

    /** The sender's pieces, one bit each, high bit first; sent only right after the handshake. */
    record BitfieldMessage(byte[] bits) implements PeerMessage {
        public BitfieldMessage {
            bits = bits.clone();
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }
    }

    /** Asks for {@code length} bytes of a piece starting at {@code begin}. */
    record Request(int pieceIndex, int begin, int length) implements PeerMessage {
        public Request {
            requireNonNegative(pieceIndex, "piece index");
            requireNonNegative(begin, "block offset");
            requireNonNegative(length, "block length");
        }
    }

    /**
     * A block of a piece. The array is owned by the message (not copied, as blocks are the hot path):
     * whoever builds one hands the array over and must not touch it afterwards.
     */
    record Piece(int pieceIndex, int begin, byte[] block) implements PeerMessage {
        public Piece {
            requireNonNegative(pieceIndex, "piece index");
            requireNonNegative(begin, "block offset");
        }
    }

    /** Withdraws an earlier request. */
    record Cancel(int pieceIndex, int begin, int length) implements PeerMessage {
        public Cancel {
            requireNonNegative(pieceIndex, "piece index");
            requireNonNegative(begin, "block offset");
            requireNonNegative(length, "block length");
        }
    }

    /** The sender's DHT port (BEP 5). */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("DHT port " + port + " is not in 0..65535");
            }
        }
    }

    private static void requireNonNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " " + value + " is negative");
        }
    }
}
