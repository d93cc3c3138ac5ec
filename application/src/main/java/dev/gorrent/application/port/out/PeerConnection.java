package dev.gorrent.application.port.out;

import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An open, handshaken connection to one peer. Threading: one thread may {@link #receive} while others
 * {@link #send}; sends are serialised by the implementation. {@link #close} may be called from any
 * thread and unblocks a pending receive.
 */
public interface PeerConnection extends AutoCloseable {

    PeerAddress address();

    /** The peer id from the remote handshake. */
    PeerId remotePeerId();

    /**
     * Blocks for the next message. Keep-alives are delivered like other messages.
     *
     * @throws IOException when the connection is closed, times out, or the peer breaks the protocol
     */
    PeerMessage receive() throws IOException;

    /**
     * Blocks for the next message like {@link #receive}, then adds up to {@code max - 1} more that have
     * already arrived in full, without waiting for any: a burst then reaches the caller in one hand-over
     * instead of one wake-up per message.
     *
     * @throws IOException as {@link #receive}; messages read before the failure are lost with the connection
     */
    default List<PeerMessage> receiveAvailable(int max) throws IOException {
        return List.of(receive());
    }

    /**
     * The caller is done with a block it received (it hashed and stored it, or dropped it): the connection may
     * read a later block into the same array. The caller must not touch the block afterwards. May be called
     * from any thread, also after the connection closed, and at most once per block.
     */
    default void release(PeerMessage.Piece received) {
    }

    /**
     * Sends a block as a {@link PeerMessage.Piece} of {@code length} bytes, which the connection fetches from
     * {@code source} only when it writes them, so a block waiting in the queue holds no memory; a socket may take
     * them from the source itself ({@link BlockSource#transferTo}). Buffered like {@link #send}. A connection may drop
     * a block handed over after it was given a {@link PeerMessage.Choke} and before the next
     * {@link PeerMessage.Unchoke}: choking
     * discards the peer's requests (BEP 3), and a block may be handed over just as the session chokes. This
     * default reads the block at once and always sends it.
     *
     * @throws IOException as {@link #send}, or when the source fails to read (then nothing was sent)
     */
    default void sendBlock(int piece, int begin, int length, BlockSource source) throws IOException {
        byte[] block = new byte[length];
        source.read(0, ByteBuffer.wrap(block));
        send(new PeerMessage.Piece(piece, begin, block));
    }

    /** Sends one message; may buffer, see {@link #flush}. */
    void send(PeerMessage message) throws IOException;

    /** Pushes buffered messages onto the wire. */
    void flush() throws IOException;

    /** Closes the connection; never throws. */
    @Override
    void close();
}
