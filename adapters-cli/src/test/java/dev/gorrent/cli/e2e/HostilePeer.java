package dev.gorrent.cli.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake BitTorrent peer on a loopback address of its own (127.0.0.10 and up) that speaks just enough BEP 3 to
 * misbehave in one way, for {@code HostilePeersIT}: Gorrent dials it with {@code --peer}, and it records what
 * became of each connection (above all, whether Gorrent hung up on it). Its own address because Gorrent bans a
 * misbehaving peer's whole host, which on 127.0.0.1 would be every honest peer of the test too.
 *
 * <p>Threads: one daemon thread accepts, and one daemon thread per connection reads and writes that
 * connection alone; the test thread reads the {@link Connection} records, whose fields are atomic or
 * volatile. {@link #close} ends them all by closing the sockets.
 */
final class HostilePeer implements AutoCloseable {
    /** Counts the peers started, for the last byte of the next one's address; Linux answers on all of 127/8. */
    private static final AtomicInteger NEXT_HOST = new AtomicInteger();
    /** More connections than this from one test means Gorrent redials in a loop; they are refused. */
    private static final int MAX_CONNECTIONS = 32;
    private static final int HANDSHAKE_LENGTH = 68;
    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** Gorrent sends nothing larger than a bitfield or a block: anything bigger means we read it wrong. */
    private static final int MAX_FRAME_FROM_GORRENT = 256 * 1024;
    private static final int REQUEST = 6;
    /** 64 MiB of unrequested blocks: twelve times the test torrent, a flood but not a CPU hog. */
    private static final int UNREQUESTED_BLOCKS = 4096;

    /** The one way a peer misbehaves. */
    enum Misbehaviour {
        /** After the handshake, a length prefix of 2^31-1 bytes (over any limit), then nothing. */
        OVERSIZED_FRAME,
        /** A bitfield one byte longer than the torrent's piece count needs. */
        BITFIELD_WRONG_LENGTH,
        /** A bitfield of the right length with the spare bits past the last piece set. */
        BITFIELD_SPARE_BITS,
        /** HAVE for the piece one past the last. */
        HAVE_OUTSIDE_TORRENT,
        /** A PIECE message for piece count + 10, which no request can have asked for. */
        PIECE_OUTSIDE_TORRENT,
        /** Has everything, unchokes, and answers each request with a block one byte short. */
        PIECE_WRONG_SIZE,
        /** Has everything but stays choking, and floods whole blocks of garbage that were never requested. */
        UNREQUESTED_PIECES,
        /** Answers Gorrent's handshake with 68 bytes of an HTTP response. */
        GARBAGE_HANDSHAKE,
        /** Answers with a well-formed handshake for another torrent. */
        WRONG_INFO_HASH,
        /** Completes the handshake, then never sends another byte (but reads, so Gorrent's writes never block). */
        STALL,
        /** Has everything, unchokes, and answers every request with a block of the right size and wrong bytes. */
        BAD_DATA
    }

    /** What became of one connection. */
    enum Ending {
        /** Still open. */
        OPEN,
        /** Gorrent closed or reset it. */
        GORRENT_HUNG_UP,
        /** We closed it, at the end of the test. */
        CLOSED_BY_TEST
    }

    /** One connection from Gorrent, as this peer saw it. */
    static final class Connection {
        private volatile boolean handshakeReceived;
        private volatile Ending ending = Ending.OPEN;
        private volatile String failure = "";
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger blocksSent = new AtomicInteger();

        boolean handshakeReceived() {
            return handshakeReceived;
        }

        Ending ending() {
            return ending;
        }

        int requests() {
            return requests.get();
        }

        int blocksSent() {
            return blocksSent.get();
        }

        @Override
        public String toString() {
            return "connection[handshake=" + handshakeReceived + ", " + ending + ", requests=" + requests
                    + ", blocks sent=" + blocksSent + (failure.isEmpty() ? "" : ", " + failure) + "]";
        }
    }

    private final Misbehaviour misbehaviour;
    private final byte[] infoHash;
    private final int pieceCount;
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    private HostilePeer(Misbehaviour misbehaviour, byte[] infoHash, int pieceCount, ServerSocket server) {
        this.misbehaviour = misbehaviour;
        this.infoHash = infoHash.clone();
        this.pieceCount = pieceCount;
        this.server = server;
    }

    /**
     * Listens on a free port of a loopback address of its own and serves every connection with
     * {@code misbehaviour}.
     */
    static HostilePeer start(Misbehaviour misbehaviour, byte[] infoHash, int pieceCount) {
        try {
            int last = 10 + NEXT_HOST.getAndIncrement() % 240;
            InetAddress host = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
            ServerSocket server = new ServerSocket(0, 50, host);
            HostilePeer peer = new HostilePeer(misbehaviour, infoHash, pieceCount, server);
            Thread acceptor = new Thread(peer::acceptLoop, "hostile-" + misbehaviour + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return peer;
        } catch (IOException e) {
            throw new HarnessException("cannot listen on loopback for the " + misbehaviour + " peer: "
                    + e.getMessage(), e);
        }
    }

    Misbehaviour misbehaviour() {
        return misbehaviour;
    }

    int port() {
        return server.getLocalPort();
    }

    /** For {@code --peer}. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + port();
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    String describe() {
        return misbehaviour + " peer at " + address() + ": " + connections;
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing is best effort; the accept thread is a daemon.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Same: the connection threads are daemons and end with the socket.
            }
        }
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            Connection connection = new Connection();
            connections.add(connection);
            sockets.add(socket);
            Thread thread = new Thread(() -> serve(socket, connection), "hostile-" + misbehaviour + "-conn");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket, Connection connection) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            byte[] theirs = new byte[HANDSHAKE_LENGTH];
            in.readFully(theirs);
            connection.handshakeReceived = true;
            answerHandshake(out);
            misbehave(out);
            out.flush();
            readUntilHungUp(in, out, connection);
        } catch (EOFException e) {
            connection.ending = closing ? Ending.CLOSED_BY_TEST : Ending.GORRENT_HUNG_UP;
        } catch (SocketException e) {
            // A reset is Gorrent closing with our bytes unread; a closed socket here is our own close().
            connection.ending = closing ? Ending.CLOSED_BY_TEST : Ending.GORRENT_HUNG_UP;
            connection.failure = closing ? "" : e.getMessage();
        } catch (IOException e) {
            connection.ending = closing ? Ending.CLOSED_BY_TEST : Ending.GORRENT_HUNG_UP;
            connection.failure = e.toString();
        }
    }

    private void answerHandshake(DataOutputStream out) throws IOException {
        switch (misbehaviour) {
            case GARBAGE_HANDSHAKE -> {
                byte[] garbage = Arrays.copyOf("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII), HANDSHAKE_LENGTH);
                out.write(garbage);
            }
            case WRONG_INFO_HASH -> {
                byte[] other = infoHash.clone();
                other[0] ^= (byte) 0xFF;
                writeHandshake(out, other);
            }
            default -> writeHandshake(out, infoHash);
        }
    }

    private static void writeHandshake(DataOutputStream out, byte[] hash) throws IOException {
        out.writeByte(PROTOCOL.length);
        out.write(PROTOCOL);
        out.write(new byte[8]);
        out.write(hash);
        byte[] peerId = Arrays.copyOf("-HP0001-hostile-peer".getBytes(StandardCharsets.US_ASCII), 20);
        out.write(peerId);
    }

    /** The misbehaviour that needs no request to trigger it, sent right after the handshake. */
    private void misbehave(DataOutputStream out) throws IOException {
        int bitfieldBytes = (pieceCount + 7) / 8;
        switch (misbehaviour) {
            case OVERSIZED_FRAME -> {
                out.writeInt(Integer.MAX_VALUE);
                out.writeByte(7);
            }
            case BITFIELD_WRONG_LENGTH -> frame(out, 5, filled(bitfieldBytes + 1, (byte) 0xFF));
            case BITFIELD_SPARE_BITS -> frame(out, 5, filled(bitfieldBytes, (byte) 0xFF));
            case HAVE_OUTSIDE_TORRENT -> frame(out, 4, intBytes(pieceCount));
            case PIECE_OUTSIDE_TORRENT -> frame(out, 7, pieceHeaderAnd(pieceCount + 10, 0, 16 * 1024));
            case PIECE_WRONG_SIZE, BAD_DATA -> {
                frame(out, 5, fullBitfield());
                frame(out, 1, new byte[0]);
            }
            case UNREQUESTED_PIECES -> {
                frame(out, 5, fullBitfield());
                // Whole 16 KiB blocks of every piece but the short last one, as if requested long ago.
                for (int i = 0; i < UNREQUESTED_BLOCKS && !closing; i++) {
                    frame(out, 7, pieceHeaderAnd(i % (pieceCount - 1), 0, 16 * 1024));
                }
            }
            case GARBAGE_HANDSHAKE, WRONG_INFO_HASH, STALL -> {
                // The handshake was the whole act.
            }
        }
    }

    /** Reads Gorrent's messages until it hangs up, answering requests as the misbehaviour says. */
    private void readUntilHungUp(DataInputStream in, DataOutputStream out, Connection connection) throws IOException {
        while (true) {
            int length = in.readInt();
            if (length == 0) {
                continue; // keep-alive
            }
            if (length < 0 || length > MAX_FRAME_FROM_GORRENT) {
                throw new IOException("Gorrent sent a length prefix of " + Integer.toUnsignedString(length));
            }
            int id = in.readUnsignedByte();
            byte[] payload = new byte[length - 1];
            in.readFully(payload);
            if (id != REQUEST || payload.length != 12) {
                continue;
            }
            connection.requests.incrementAndGet();
            ByteBuffer request = ByteBuffer.wrap(payload);
            int piece = request.getInt();
            int begin = request.getInt();
            int blockLength = request.getInt();
            if (misbehaviour == Misbehaviour.BAD_DATA) {
                frame(out, 7, pieceHeaderAnd(piece, begin, blockLength));
            } else if (misbehaviour == Misbehaviour.PIECE_WRONG_SIZE) {
                frame(out, 7, pieceHeaderAnd(piece, begin, blockLength - 1));
            } else {
                continue;
            }
            connection.blocksSent.incrementAndGet();
            out.flush();
        }
    }

    private byte[] fullBitfield() {
        byte[] bits = filled((pieceCount + 7) / 8, (byte) 0xFF);
        int spare = bits.length * 8 - pieceCount;
        bits[bits.length - 1] = (byte) (0xFF << spare);
        return bits;
    }

    /** A PIECE payload: index, begin and {@code length} bytes that match no real data. */
    private static byte[] pieceHeaderAnd(int piece, int begin, int length) {
        ByteBuffer payload = ByteBuffer.allocate(8 + length);
        payload.putInt(piece).putInt(begin);
        while (payload.hasRemaining()) {
            payload.put((byte) 0x5A);
        }
        return payload.array();
    }

    private static void frame(DataOutputStream out, int id, byte[] payload) throws IOException {
        out.writeInt(1 + payload.length);
        out.writeByte(id);
        out.write(payload);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Refusing a connection; nothing to report.
        }
    }
}
