package dev.gorrent.tracker.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UDP tracker on loopback for tests: one thread receives datagrams, records them, and sends back whatever the
 * {@link Responder} returns. Tests read the record from their own thread (a copy-on-write list).
 */
final class FakeUdpTracker implements AutoCloseable {

    /** Decides the answers to one datagram: none (a lost packet), one, or several. */
    @FunctionalInterface
    interface Responder {
        List<byte[]> respond(TrackerRequest request);
    }

    private final DatagramSocket socket;
    private final Responder responder;
    private final List<TrackerRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private FakeUdpTracker(DatagramSocket socket, Responder responder) {
        this.socket = socket;
        this.responder = responder;
        this.thread = new Thread(this::serve, "fake-udp-tracker");
        this.thread.setDaemon(true);
    }

    static FakeUdpTracker start(InetAddress bindAddress, Responder responder) throws SocketException {
        FakeUdpTracker tracker = new FakeUdpTracker(new DatagramSocket(new InetSocketAddress(bindAddress, 0)),
                responder);
        tracker.thread.start();
        return tracker;
    }

    static FakeUdpTracker startOnLoopback(Responder responder) throws IOException {
        return start(InetAddress.getByName("127.0.0.1"), responder);
    }

    String hostAndPort() {
        InetAddress address = socket.getLocalAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return host + ":" + socket.getLocalPort();
    }

    String announceUrl() {
        return "udp://" + hostAndPort() + "/announce";
    }

    List<TrackerRequest> received() {
        return List.copyOf(received);
    }

    List<TrackerRequest> received(int action) {
        return received.stream().filter(request -> request.action() == action).toList();
    }

    /** Waits (boundedly) until {@code count} requests of {@code action} arrived; returns what arrived by then. */
    List<TrackerRequest> awaitReceived(int action, int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (received(action).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return received(action);
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                TrackerRequest request = new TrackerRequest(
                        Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
                received.add(request);
                for (byte[] answer : responder.respond(request)) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    failure.compareAndSet(null, e);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Stops the thread; a responder that threw fails the test here rather than going unseen. */
    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable problem = failure.get();
        if (problem != null) {
            throw new AssertionError("the fake tracker failed", problem);
        }
    }
}
