package dev.gorrent.wire;

import dev.gorrent.application.port.out.ConnectedToOurselvesException;
import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage.BitfieldMessage;
import dev.gorrent.domain.peer.PeerMessage.Have;
import dev.gorrent.domain.peer.PeerMessage.Interested;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.domain.peer.PeerMessage.Request;
import dev.gorrent.domain.peer.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.gorrent.wire.TcpPeerNetworkTest.FAST;
import static dev.gorrent.wire.TcpPeerNetworkTest.OURS;
import static dev.gorrent.wire.WireBytes.INFO_HASH;
import static dev.gorrent.wire.WireBytes.OTHER_INFO_HASH;
import static dev.gorrent.wire.WireBytes.OUR_ID;
import static dev.gorrent.wire.WireBytes.THEIR_ID;
import static dev.gorrent.wire.WireBytes.frame;
import static dev.gorrent.wire.WireBytes.handshake;
import static dev.gorrent.wire.WireBytes.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers dialling our listener on loopback. The class timeout only guards against a hung build. */
@Timeout(60)
class TcpPeerListenerTest {
    private static final InetAddress LOOPBACK = loopback();
    private static final WireSettings ON_LOOPBACK = FAST.withBindAddress(LOOPBACK);

    private final RecordingIncoming incoming = new RecordingIncoming();

    @Test
    void anIncomingPeerIsHandshakenAndHandedOver() throws Exception {
        try (TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(freePort(), incoming);
             Socket client = dial(listener)) {
            OutputStream clientOut = client.getOutputStream();
            clientOut.write(handshake(INFO_HASH, THEIR_ID));
            clientOut.write(frame(2));
            clientOut.flush();
            DataInputStream clientIn = new DataInputStream(client.getInputStream());
            assertArrayEquals(handshake(INFO_HASH, OUR_ID), readExactly(clientIn, 68), "our answer");

            PeerConnection connection = incoming.next();
            assertEquals(PeerId.of(THEIR_ID), connection.remotePeerId());
            assertEquals(client.getLocalPort(), connection.address().port());
            assertInstanceOf(Interested.class, connection.receive());
            connection.send(new Unchoke());
            connection.flush();
            assertArrayEquals(frame(1), readExactly(clientIn, 5), "UNCHOKE reaches the peer");
            connection.close();
        }
    }

    @Test
    void twoOfOurOwnEndsDownloadABlockFromEachOther() throws Exception {
        byte[] block = new byte[16 * 1024];
        new Random(7).nextBytes(block);
        TcpPeerNetwork network = new TcpPeerNetwork(ON_LOOPBACK);
        Handshake theirs = Handshake.of(InfoHash.of(INFO_HASH), PeerId.of(THEIR_ID));
        try (TcpPeerListener listener = network.listen(freePort(), incoming);
             TcpPeerConnection downloader = network.connect(
                     new PeerAddress("127.0.0.1", listener.port()), theirs);
             PeerConnection seeder = incoming.next()) {
            assertEquals(PeerId.of(OUR_ID), downloader.remotePeerId());
            assertEquals(PeerId.of(THEIR_ID), seeder.remotePeerId());

            seeder.send(new BitfieldMessage(new byte[]{(byte) 0x80}));
            seeder.send(new Unchoke());
            seeder.flush();
            assertArrayEquals(new byte[]{(byte) 0x80}, ((BitfieldMessage) downloader.receive()).bits());
            assertInstanceOf(Unchoke.class, downloader.receive());

            downloader.send(new Interested());
            downloader.send(new Request(0, 0, block.length));
            downloader.flush();
            assertInstanceOf(Interested.class, seeder.receive());
            Request request = (Request) seeder.receive();
            assertEquals(new Request(0, 0, block.length), request);

            seeder.send(new Piece(0, 0, block));
            seeder.send(new Have(0));
            seeder.flush();
            Piece piece = (Piece) downloader.receive();
            assertArrayEquals(block, piece.block());
            assertEquals(new Have(0), downloader.receive());
        }
    }

    @Test
    void diallingOurOwnListenerTellsTheDiallerItReachedItselfAndHandsNothingOver() throws Exception {
        TcpPeerNetwork network = new TcpPeerNetwork(ON_LOOPBACK);
        try (TcpPeerListener listener = network.listen(freePort(), incoming)) {
            PeerAddress ourAddress = new PeerAddress("127.0.0.1", listener.port());

            IOException e = assertThrows(ConnectedToOurselvesException.class, () -> network.connect(ourAddress, OURS));

            assertTrue(e.getMessage().contains("is this client itself"), e.getMessage());
            assertAGoodPeerGetsThrough(listener);
            assertTrue(incoming.accepted.isEmpty(), "only the good peer was handed over");
        }
    }

    @Test
    void aPeerAskingForAnotherTorrentIsHungUpOnAndTheNextIsStillServed() throws Exception {
        try (TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(freePort(), incoming)) {
            try (Socket stranger = dial(listener)) {
                stranger.getOutputStream().write(handshake(OTHER_INFO_HASH, THEIR_ID));

                assertEquals(-1, stranger.getInputStream().read(), "we hang up without answering");
            }
            assertEquals(List.of(InfoHash.of(OTHER_INFO_HASH)), incoming.asked);

            assertAGoodPeerGetsThrough(listener);
            assertTrue(incoming.accepted.isEmpty(), "only the good peer was handed over");
        }
    }

    @Test
    void garbageInsteadOfAHandshakeDoesNotStopTheAcceptor() throws Exception {
        try (TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(freePort(), incoming)) {
            try (Socket stranger = dial(listener)) {
                stranger.getOutputStream()
                        .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

                assertEquals(-1, stranger.getInputStream().read(), "we hang up on a stranger");
            }
            try (Socket quitter = dial(listener)) {
                quitter.getOutputStream().write(handshake(INFO_HASH, THEIR_ID), 0, 20);
            }

            assertAGoodPeerGetsThrough(listener);
            assertEquals(List.of(InfoHash.of(INFO_HASH)), incoming.asked,
                    "only the good peer got as far as naming a torrent");
        }
    }

    @Test
    void aTakenPortMakesTheListenerMoveUpAndReportWhere() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, LOOPBACK);
             TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(squatter.getLocalPort(), incoming)) {
            int taken = squatter.getLocalPort();

            assertTrue(listener.port() > taken && listener.port() < taken + TcpPeerListener.PORT_RANGE,
                    "port " + listener.port() + " is just above " + taken);
            assertAGoodPeerGetsThrough(listener);
        }
    }

    @Test
    void aRangeWithNoFreePortIsReported() throws Exception {
        int first = 65535 - TcpPeerListener.PORT_RANGE + 1;
        List<ServerSocket> squatters = new ArrayList<>();
        try {
            for (int port = first; port <= 65535; port++) {
                try {
                    squatters.add(new ServerSocket(port, 1, LOOPBACK));
                } catch (BindException alreadyTaken) {
                    // Taken by someone else: just as unusable for the listener.
                }
            }
            TcpPeerNetwork network = new TcpPeerNetwork(ON_LOOPBACK);

            IOException e = assertThrows(IOException.class, () -> network.listen(first, incoming));

            assertTrue(e.getMessage().startsWith("no free port in " + first + "..65535 on 127.0.0.1"), e.getMessage());
        } finally {
            for (ServerSocket squatter : squatters) {
                squatter.close();
            }
        }
    }

    @Test
    void aPortOutsideTheTcpRangeIsRefused() {
        TcpPeerNetwork network = new TcpPeerNetwork(ON_LOOPBACK);

        assertThrows(IllegalArgumentException.class, () -> network.listen(0, incoming));
        assertThrows(IllegalArgumentException.class, () -> network.listen(65536, incoming));
    }

    @Test
    void closeStopsAcceptingButKeepsAcceptedConnectionsOpen() throws Exception {
        TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(freePort(), incoming);
        int port = listener.port();
        try (Socket client = dial(listener)) {
            client.getOutputStream().write(handshake(INFO_HASH, THEIR_ID));
            DataInputStream clientIn = new DataInputStream(client.getInputStream());
            readExactly(clientIn, 68);
            PeerConnection connection = incoming.next();

            listener.close();
            listener.close();

            assertThrows(IOException.class, () -> new Socket(LOOPBACK, port).close(), "nobody accepts any more");
            assertEquals(port, listener.port(), "the port stays known after close");
            connection.send(new Have(5));
            connection.flush();
            assertArrayEquals(frame(4, WireBytes.ints(5)), readExactly(clientIn, 9),
                    "the accepted peer still hears us");
            connection.close();
        }
    }

    @Test
    void peersBeyondTheHandshakeLimitAreHungUpOnAtOnce() throws Exception {
        // A long handshake timeout: the second peer can only be hung up on because the one slot is taken.
        WireSettings oneAtATime = ON_LOOPBACK.withMaxConcurrentHandshakes(1)
                .withHandshakeTimeout(Duration.ofSeconds(50));
        try (TcpPeerListener listener = new TcpPeerNetwork(oneAtATime).listen(freePort(), incoming);
             Socket slow = dial(listener);
             Socket second = dial(listener)) {

            assertEquals(-1, second.getInputStream().read(), "the second peer is hung up on");

            slow.getOutputStream().write(handshake(INFO_HASH, THEIR_ID));
            assertArrayEquals(handshake(INFO_HASH, OUR_ID),
                    readExactly(new DataInputStream(slow.getInputStream()), 68));
            incoming.next().close();
        }
    }

    @Test
    void aReceiverThatThrowsDoesNotStopTheListener() throws Exception {
        IncomingPeers failing = new IncomingPeers() {
            private boolean failed;

            @Override
            public Optional<Handshake> handshakeFor(InfoHash infoHash) {
                return incoming.handshakeFor(infoHash);
            }

            @Override
            public synchronized void accepted(PeerConnection connection) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("receiver is broken");
                }
                incoming.accepted(connection);
            }
        };
        try (TcpPeerListener listener = new TcpPeerNetwork(ON_LOOPBACK).listen(freePort(), failing)) {
            try (Socket first = dial(listener)) {
                first.getOutputStream().write(handshake(INFO_HASH, THEIR_ID));
                DataInputStream in = new DataInputStream(first.getInputStream());
                readExactly(in, 68);

                assertEquals(-1, in.read(), "a connection nobody took is closed");
            }
            assertAGoodPeerGetsThrough(listener);
        }
    }

    /** Dials with a good handshake and checks the connection reaches the receiver and carries a message. */
    private void assertAGoodPeerGetsThrough(TcpPeerListener listener) throws Exception {
        try (Socket client = dial(listener)) {
            OutputStream clientOut = client.getOutputStream();
            clientOut.write(handshake(INFO_HASH, THEIR_ID));
            clientOut.write(frame(4, WireBytes.ints(9)));
            clientOut.flush();
            assertArrayEquals(handshake(INFO_HASH, OUR_ID),
                    readExactly(new DataInputStream(client.getInputStream()), 68));
            try (PeerConnection connection = incoming.next()) {
                assertEquals(new Have(9), connection.receive());
            }
        }
    }

    private static Socket dial(TcpPeerListener listener) throws IOException {
        Socket socket = new Socket(LOOPBACK, listener.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A port free a moment ago; if someone takes it meanwhile, the listener simply moves up. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@link TcpPeerNetworkTest#OURS}'s torrent and keeps what it is given. */
    private static final class RecordingIncoming implements IncomingPeers {
        final List<InfoHash> asked = new CopyOnWriteArrayList<>();
        final BlockingQueue<PeerConnection> accepted = new LinkedBlockingQueue<>();

        @Override
        public Optional<Handshake> handshakeFor(InfoHash infoHash) {
            asked.add(infoHash);
            return infoHash.equals(OURS.infoHash()) ? Optional.of(OURS) : Optional.empty();
        }

        @Override
        public void accepted(PeerConnection connection) {
            accepted.add(connection);
        }

        PeerConnection next() throws InterruptedException {
            PeerConnection connection = accepted.poll(10, TimeUnit.SECONDS);
            assertNotNull(connection, "no connection was handed over");
            return connection;
        }
    }
}
