package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.TrackerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * One UDP socket on an ephemeral port, connected to one tracker, for the requests of one client call. Owned by
 * the calling thread alone, so the receive buffer needs no guarding. Being connected, the socket only receives
 * datagrams from the tracker's address, and learns when nothing listens there (ICMP port unreachable).
 */
final class TrackerSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackerSocket.class);

    private final DatagramSocket socket;
    private final String trackerName;
    private final PeerFamily peerFamily;
    private final byte[] buffer;

    private TrackerSocket(DatagramSocket socket, String trackerName, PeerFamily peerFamily, int maxAnswerBytes) {
        this.socket = socket;
        this.trackerName = trackerName;
        this.peerFamily = peerFamily;
        this.buffer = new byte[maxAnswerBytes];
    }

    static TrackerSocket open(InetSocketAddress tracker, String trackerName, int maxAnswerBytes)
            throws TrackerException {
        // BEP 15: the family of the socket the tracker is reached over decides the size of compact peers.
        PeerFamily family = tracker.getAddress() instanceof Inet6Address ? PeerFamily.IPV6 : PeerFamily.IPV4;
        DatagramSocket socket = null;
        try {
            socket = new DatagramSocket();
            socket.connect(tracker);
            return new TrackerSocket(socket, trackerName, family, maxAnswerBytes);
        } catch (IOException e) {
            if (socket != null) {
                socket.close();
            }
            throw new TrackerException("udp tracker " + trackerName + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code packet} once and waits up to {@code wait} for the answer to it. Datagrams that are not that
     * answer are dropped and the wait goes on until its deadline. Empty when the wait ran out.
     *
     * @throws TrackerException when the packet cannot be sent or nothing listens at the tracker's port
     */
    Optional<UdpAnswer> sendAndAwait(byte[] packet, int expectedAction, int transactionId, Duration wait)
            throws TrackerException {
        try {
            socket.send(new DatagramPacket(packet, packet.length));
            // Real time, not the injected clock: this deadline paces a blocking socket wait.
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long remainingMillis = Math.floorDiv(deadline - System.nanoTime() + 999_999, 1_000_000);
                if (remainingMillis <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) Math.min(remainingMillis, Integer.MAX_VALUE));
                DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(received);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                Optional<UdpAnswer> answer =
                        UdpWire.decode(buffer, received.getLength(), expectedAction, transactionId, peerFamily);
                if (answer.isPresent()) {
                    return answer;
                }
                log.debug("udp tracker {}: dropped a {}-byte datagram that does not answer transaction {}",
                        trackerName, received.getLength(), transactionId);
            }
        } catch (PortUnreachableException e) {
            throw new TrackerException("udp tracker " + trackerName + " is not listening (port unreachable)", e);
        } catch (IOException e) {
            throw new TrackerException("udp tracker " + trackerName + " cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
