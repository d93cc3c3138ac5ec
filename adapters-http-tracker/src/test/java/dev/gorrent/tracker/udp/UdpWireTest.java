package dev.gorrent.tracker.udp;

import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UdpWireTest {
    private static final int TX = 0x0badcafe;

    @Test
    void connectRequestIsTheMagicThenActionZeroThenTheTransaction() {
        assertEquals("0000041727101980" + "00000000" + "0badcafe",
                HexFormat.of().formatHex(UdpWire.connectRequest(TX)));
    }

    @Test
    void ipv4PeersAreSixBytesAndAPartialTailOrPortZeroIsSkipped() {
        byte[] answer = ByteBuffer.allocate(20 + 6 + 6 + 3)
                .putInt(1).putInt(TX).putInt(900).putInt(4).putInt(9)
                .put(new byte[]{(byte) 203, 0, 113, 5}).putShort((short) 0xC8D5) // port 51413
                .put(new byte[]{1, 2, 3, 4}).putShort((short) 0)                  // not diallable
                .put(new byte[]{9, 9, 9})                                         // cut entry
                .array();

        Optional<UdpAnswer> decoded = UdpWire.decode(answer, answer.length, 1, TX, PeerFamily.IPV4);

        assertEquals(Optional.of(new UdpAnswer.Announced(900, 4, 9, List.of(new PeerAddress("203.0.113.5", 51413)))),
                decoded);
    }

    @Test
    void ipv6PeersAreEighteenBytes() {
        byte[] address = HexFormat.of().parseHex("20010db8000000000000000000000042");
        byte[] answer = ByteBuffer.allocate(20 + 18)
                .putInt(1).putInt(TX).putInt(60).putInt(0).putInt(1)
                .put(address).putShort((short) 6881)
                .array();

        Optional<UdpAnswer> decoded = UdpWire.decode(answer, answer.length, 1, TX, PeerFamily.IPV6);

        assertEquals(Optional.of(new UdpAnswer.Announced(60, 0, 1,
                List.of(new PeerAddress("2001:db8:0:0:0:0:0:42", 6881)))), decoded);
    }

    @Test
    void onlyTheReceivedLengthIsRead() {
        byte[] buffer = ByteBuffer.allocate(64)
                .putInt(1).putInt(TX).putInt(60).putInt(0).putInt(0)
                .put(new byte[]{10, 0, 0, 1}).putShort((short) 6881) // stale bytes beyond the datagram
                .array();

        assertEquals(Optional.of(new UdpAnswer.Announced(60, 0, 0, List.of())),
                UdpWire.decode(buffer, 20, 1, TX, PeerFamily.IPV4));
    }

    @Test
    void answersShorterThanTheirFixedPartAreDiscarded() {
        byte[] connect = ByteBuffer.allocate(16).putInt(0).putInt(TX).putLong(77).array();
        byte[] announce = ByteBuffer.allocate(20).putInt(1).putInt(TX).array();
        byte[] scrape = ByteBuffer.allocate(20).putInt(2).putInt(TX).array();

        assertEquals(Optional.empty(), UdpWire.decode(connect, 15, 0, TX, PeerFamily.IPV4));
        assertEquals(Optional.empty(), UdpWire.decode(announce, 19, 1, TX, PeerFamily.IPV4));
        assertEquals(Optional.empty(), UdpWire.decode(scrape, 19, 2, TX, PeerFamily.IPV4));
        assertEquals(Optional.empty(), UdpWire.decode(connect, 7, 0, TX, PeerFamily.IPV4));
        assertEquals(Optional.of(new UdpAnswer.Connected(77)), UdpWire.decode(connect, 16, 0, TX, PeerFamily.IPV4));
    }

    @Test
    void anotherTransactionOrAnUnexpectedActionIsDiscarded() {
        byte[] connect = ByteBuffer.allocate(16).putInt(0).putInt(TX).putLong(77).array();

        assertEquals(Optional.empty(), UdpWire.decode(connect, 16, 0, TX + 1, PeerFamily.IPV4));
        assertEquals(Optional.empty(), UdpWire.decode(connect, 16, 1, TX, PeerFamily.IPV4));
    }

    @Test
    void anErrorAnswersAnyActionAndItsTextIsMadePrintable() {
        byte[] text = "bad\u0007 request \u00e9\0".getBytes(StandardCharsets.UTF_8);
        byte[] error = ByteBuffer.allocate(8 + text.length).putInt(3).putInt(TX).put(text).array();

        assertEquals(Optional.of(new UdpAnswer.Refused("bad? request \u00e9")),
                UdpWire.decode(error, error.length, 1, TX, PeerFamily.IPV4));
        assertEquals(Optional.of(new UdpAnswer.Refused("(no message)")),
                UdpWire.decode(error, 8, 0, TX, PeerFamily.IPV4));
        assertEquals(Optional.empty(), UdpWire.decode(error, error.length, 1, TX - 1, PeerFamily.IPV4));
    }

    @Test
    void aLongErrorTextIsCut() {
        byte[] text = "x".repeat(5_000).getBytes(StandardCharsets.US_ASCII);
        byte[] error = ByteBuffer.allocate(8 + text.length).putInt(3).putInt(TX).put(text).array();

        UdpAnswer decoded = UdpWire.decode(error, error.length, 1, TX, PeerFamily.IPV4).orElseThrow();

        assertEquals(new UdpAnswer.Refused("x".repeat(300)), decoded);
    }

    @Test
    void scrapeAnswerIsSeedersCompletedLeechers() {
        byte[] scrape = ByteBuffer.allocate(20).putInt(2).putInt(TX).putInt(5).putInt(17).putInt(3).array();

        assertEquals(Optional.of(new UdpAnswer.Scraped(5, 17, 3)),
                UdpWire.decode(scrape, 20, 2, TX, PeerFamily.IPV4));
    }
}
