package dev.gorrent.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timed channel on one end of a real loopback connection; the test plays the peer on the other end with a
 * plain blocking socket. The class timeout only guards the build.
 */
@Timeout(30)
class TimedChannelTest {
    private static final Duration SHORT = Duration.ofMillis(250);
    private static final Duration LONG = Duration.ofSeconds(20);
    /** Comfortably more than the small socket buffers below hold, so a peer that does not read stops a write. */
    private static final int MORE_THAN_BUFFERS = 8 << 20;
    private static final int SMALL_BUFFER = 16 * 1024;

    private ServerSocketChannel server;
    private SocketChannel ours;
    private SocketChannel peer;
    private TimedChannel channel;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
        ours = SocketChannel.open();
        ours.setOption(StandardSocketOptions.SO_SNDBUF, SMALL_BUFFER);
        ours.connect(server.getLocalAddress());
        peer = server.accept();
        peer.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_BUFFER);
        peer.socket().setSoTimeout(10_000);
    }

    @AfterEach
    void disconnect() throws IOException {
        if (channel != null) {
            channel.close();
        }
        ours.close();
        peer.close();
        server.close();
    }

    @Test
    void aReadWithNothingArrivingTimesOutAfterTheReadTimeout() throws IOException {
        channel = TimedChannel.open(ours, SHORT);
        long start = System.nanoTime();

        assertThrows(SocketTimeoutException.class, () -> channel.read(ByteBuffer.allocateDirect(16)));

        long waitedMillis = millisSince(start);
        assertTrue(waitedMillis >= SHORT.toMillis(), "gave up after " + waitedMillis + " ms");
        assertTrue(waitedMillis < 900, "waited " + waitedMillis + " ms");
        assertTrue(channel.isOpen(), "a timeout leaves closing to the owner");
    }

    @Test
    void readNowTakesWhatHasArrivedAndNeverWaits() throws IOException {
        channel = TimedChannel.open(ours, LONG);
        ByteBuffer into = ByteBuffer.allocateDirect(16);

        long start = System.nanoTime();
        assertEquals(0, channel.readNow(into), "nothing has arrived");
        assertTrue(millisSince(start) < 100);

        peer.socket().getOutputStream().write(new byte[] {1, 2, 3, 4, 5});
        readAtLeast(into, 5);
        assertEquals(0, channel.readNow(into), "everything sent was taken");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, contents(into));

        peer.close();
        assertEquals(-1, channel.read(into), "the peer's close is the end of the stream");
        assertEquals(-1, channel.readNow(into));
    }

    @Test
    void aReadWaitsForBytesThatArriveLater() throws Exception {
        channel = TimedChannel.open(ours, LONG);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(150);
                peer.socket().getOutputStream().write(42);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteBuffer into = ByteBuffer.allocateDirect(16);

        assertEquals(1, channel.read(into));
        assertEquals(42, into.get(0));
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aReadIntoAFullBufferReturnsAtOnce() throws IOException {
        channel = TimedChannel.open(ours, LONG);

        assertEquals(0, channel.read(ByteBuffer.allocateDirect(0)));
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingReadAtOnceAndReleasesTheSocket() throws Exception {
        channel = TimedChannel.open(ours, LONG);
        CompletableFuture<Throwable> outcome = failureOf(() -> channel.read(ByteBuffer.allocateDirect(16)));
        Thread.sleep(150); // lets the read reach its select; the outcome is the same if it has not

        long start = System.nanoTime();
        channel.close();

        assertInstanceOf(IOException.class, outcome.get(5, TimeUnit.SECONDS));
        assertTrue(millisSince(start) < 500, "the read ended only after " + millisSince(start) + " ms");
        assertFalse(ours.isOpen());
        assertFalse(ours.isRegistered(), "both selectors let go of the channel, so its socket is closed");
        assertEquals(-1, peer.socket().getInputStream().read(), "the peer sees the connection end");
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingWriteAtOnce() throws Exception {
        channel = TimedChannel.open(ours, LONG);
        CompletableFuture<Throwable> outcome = failureOf(() ->
                channel.writeFully(ByteBuffer.allocateDirect(MORE_THAN_BUFFERS), LONG.toNanos()));
        Thread.sleep(150); // the buffers fill in far less; the write then waits for a peer that does not read

        long start = System.nanoTime();
        channel.close();

        assertInstanceOf(IOException.class, outcome.get(5, TimeUnit.SECONDS));
        assertTrue(millisSince(start) < 500, "the write ended only after " + millisSince(start) + " ms");
        assertFalse(ours.isRegistered());
    }

    @Test
    void aWriteToAPeerThatNeverReadsTimesOutAfterTheWriteTimeout() throws IOException {
        channel = TimedChannel.open(ours, LONG);
        ByteBuffer data = ByteBuffer.allocateDirect(MORE_THAN_BUFFERS);
        long start = System.nanoTime();

        IOException e = assertThrows(TimedChannel.WriteTimeoutException.class,
                () -> channel.writeFully(data, SHORT.toNanos()));

        long waitedMillis = millisSince(start);
        assertEquals("nothing could be written for 250 ms", e.getMessage());
        assertTrue(waitedMillis >= SHORT.toMillis(), "gave up after " + waitedMillis + " ms");
        assertTrue(waitedMillis < 900, "waited " + waitedMillis + " ms");
        assertTrue(data.position() > 0 && data.hasRemaining(), "some went out, then nothing more");
    }

    @Test
    void aSlowPeerThatKeepsReadingIsWaitedForLongerThanTheWriteTimeout() throws Exception {
        channel = TimedChannel.open(ours, LONG);
        int pauses = 4;
        int total = 4 << 20;
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = peer.socket().getInputStream();
                byte[] chunk = new byte[64 * 1024];
                long count = 0;
                for (int pause = 0; pause < pauses; pause++) {
                    Thread.sleep(100); // each pause well under the write timeout, all of them well over it
                    for (int taken = 0; taken < 256 * 1024; ) {
                        int read = in.read(chunk);
                        taken += read;
                        count += read;
                    }
                }
                for (int read; count < total && (read = in.read(chunk)) > 0; ) {
                    count += read;
                }
                return count;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteBuffer data = ByteBuffer.allocateDirect(total);
        long start = System.nanoTime();

        channel.writeFully(data, SHORT.toNanos());

        assertFalse(data.hasRemaining());
        assertEquals(total, received.get(5, TimeUnit.SECONDS));
        assertTrue(millisSince(start) > SHORT.toMillis(), "the peer's pauses add up to more than the timeout");
    }

    @Test
    void anInterruptedThreadStopsWaitingAtOnce() throws Exception {
        channel = TimedChannel.open(ours, LONG);
        CompletableFuture<Throwable> outcome = failureOf(() -> {
            Thread.currentThread().interrupt();
            channel.read(ByteBuffer.allocateDirect(16));
        });

        assertInstanceOf(InterruptedIOException.class, outcome.get(5, TimeUnit.SECONDS));
    }

    /** What {@code action}, run on a thread of its own, fails with; a test failure when it returns. */
    private static CompletableFuture<Throwable> failureOf(Action action) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
                outcome.complete(new AssertionError("returned without failing"));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "timed-channel-test");
        thread.setDaemon(true);
        thread.start();
        return outcome;
    }

    private interface Action {
        void run() throws Exception;
    }

    private void readAtLeast(ByteBuffer into, int count) throws IOException {
        while (into.position() < count) {
            assertTrue(channel.read(into) > 0);
        }
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.position()];
        buffer.duplicate().flip().get(bytes);
        return bytes;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
