package dev.gorrent.wire;

import dev.gorrent.application.port.out.ConnectedToOurselvesException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.peer.PeerMessage.BitfieldMessage;
import dev.gorrent.domain.peer.PeerMessage.Interested;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.domain.peer.PeerMessage.Request;
import dev.gorrent.domain.peer.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static dev.gorrent.wire.WireBytes.INFO_HASH;
import static dev.gorrent.wire.WireBytes.OTHER_INFO_HASH;
import static dev.gorrent.wire.WireBytes.OUR_ID;
import static dev.gorrent.wire.WireBytes.THEIR_ID;
import static dev.gorrent.wire.WireBytes.concat;
import static dev.gorrent.wire.WireBytes.frame;
import static dev.gorrent.wire.WireBytes.handshake;
import static dev.gorrent.wire.WireBytes.ints;
import static dev.gorrent.wire.WireBytes.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialling a scripted peer on loopback. The class timeout only guards against a hung build. */
@Timeout(60)
class TcpPeerNetworkTest {
    static final Handshake OURS = Handshake.of(InfoHash.of(INFO_HASH), PeerId.of(OUR_ID));
    static final WireSettings FAST = WireSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(5))
            .withHandshakeTimeout(Duration.ofSeconds(5))
            .withReadTimeout(Duration.ofSeconds(10));

    private final TcpPeerNetwork network = new TcpPeerNetwork(FAST);

    @Test
    void downloadsABlockFromAPeerThatFollowsBep3() throws Exception {
        byte[] block = new byte[16 * 1024];
        new Random(3).nextBytes(block);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(frame(5, (byte) 0b1100_0000));
            out.write(frame(1));
            out.flush();
            assertArrayEquals(frame(2), readExactly(in, 5), "INTERESTED");
            assertArrayEquals(frame(6, ints(1, 0, 16 * 1024)), readExactly(in, 17), "REQUEST");
            out.write(frame(7, concat(ints(1, 0), block)));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = network.connect(peer.address(), OURS)) {
                assertEquals(PeerId.of(THEIR_ID), connection.remotePeerId());
                assertEquals(peer.address(), connection.address());
                BitfieldMessage bitfield = (BitfieldMessage) connection.receive();
                assertArrayEquals(new byte[]{(byte) 0b1100_0000}, bitfield.bits());
                assertInstanceOf(Unchoke.class, connection.receive());

                connection.send(new Interested());
                connection.send(new Request(1, 0, 16 * 1024));
                connection.flush();

                Piece piece = (Piece) connection.receive();
                assertEquals(1, piece.pieceIndex());
                assertEquals(0, piece.begin());
                assertArrayEquals(block, piece.block());
            }
            peer.awaitScript();
        }
    }

    @Test
    void dialsAnIpv6PeerByItsLiteralAddress() throws Exception {
        try (FakePeer peer = FakePeer.handshakingOn(InetAddress.getByName("::1"), (socket, in, out) -> {
            out.write(frame(1)); // unchoke
            out.flush();
            assertEquals(2, readExactly(in, 5)[4], "our INTERESTED");
        })) {
            PeerAddress address = new PeerAddress("::1", peer.port());
            try (var connection = network.connect(address, OURS)) {
                assertEquals(PeerId.of(THEIR_ID), connection.remotePeerId());
                assertInstanceOf(Unchoke.class, connection.receive());
                connection.send(new Interested());
                connection.flush();
                peer.awaitScript();
            }
            // In the one spelling every IPv6 address gets, the one connections from it have.
            assertEquals("[0:0:0:0:0:0:0:1]:" + peer.port(), address.toString());
        }
    }

    @Test
    void aPeerAnsweringForAnotherTorrentIsRefusedAndHungUpOn() throws Exception {
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            out.write(handshake(OTHER_INFO_HASH, THEIR_ID));
            out.flush();
            assertEquals(-1, in.read(), "we hang up after a wrong handshake");
        })) {
            IOException e = assertThrows(IOException.class, () -> network.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("peer " + peer.address() + " answered for another torrent"),
                    e.getMessage());
            peer.awaitScript();
        }
    }

    @Test
    void aWrongProtocolStringIsRefused() throws Exception {
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            out.write(handshake("BitTorrent protocoX", new byte[8], INFO_HASH, THEIR_ID));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                    () -> network.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("sent a bad handshake"), e.getMessage());
            assertTrue(e.getMessage().contains("BitTorrent protocoX"), e.getMessage());
        }
    }

    @Test
    void garbageInsteadOfAHandshakeIsRefused() throws Exception {
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                    () -> network.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("not a BitTorrent handshake"), e.getMessage());
        }
    }

    @Test
    void aPeerThatHangsUpDuringTheHandshakeIsReported() throws Exception {
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            out.write(handshake(INFO_HASH, THEIR_ID), 0, 30);
            out.flush();
        })) {
            IOException e = assertThrows(IOException.class, () -> network.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("closed the connection during the handshake"), e.getMessage());
        }
    }

    @Test
    void aPeerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        TcpPeerNetwork impatient = new TcpPeerNetwork(FAST.withHandshakeTimeout(Duration.ofMillis(300)));
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            FakePeer.staySilent(in);
        })) {
            IOException e = assertThrows(IOException.class, () -> impatient.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("sent no handshake within 300 ms"), e.getMessage());
        }
    }

    @Test
    void connectingToOurselvesIsRefused() throws Exception {
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            out.write(readExactly(in, 68));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            IOException e = assertThrows(ConnectedToOurselvesException.class,
                    () -> network.connect(peer.address(), OURS));

            assertTrue(e.getMessage().contains("is this client itself"), e.getMessage());
        }
    }

    @Test
    void aClosedPortFailsWithTheAddressInTheMessage() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        PeerAddress closed = new PeerAddress("127.0.0.1", port);

        IOException e = assertThrows(IOException.class, () -> network.connect(closed, OURS));

        assertTrue(e.getMessage().startsWith("cannot connect to peer 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void messagesSentRightAfterTheHandshakeAreNotLost() throws Exception {
        // The peer's handshake and first messages often arrive in one segment; the buffered bytes must carry over.
        try (FakePeer peer = FakePeer.start((socket, in, out) -> {
            readExactly(in, 68);
            out.write(concat(handshake(INFO_HASH, THEIR_ID), frame(4, ints(3)), frame(1)));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = network.connect(peer.address(), OURS)) {
                assertEquals(new PeerMessage.Have(3), connection.receive());
                assertInstanceOf(Unchoke.class, connection.receive());
            }
        }
    }
}
