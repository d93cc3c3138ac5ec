package dev.gorrent.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.gorrent.wire.ThreadOwnedBufferTest.counting;
import static dev.gorrent.wire.WireBytes.concat;
import static dev.gorrent.wire.WireBytes.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Writing through the direct buffer to a real loopback peer. The class timeout only guards the build. */
@Timeout(30)
class ChannelOutputTest {
    private static final long TIMEOUT_NANOS = Duration.ofSeconds(5).toNanos();

    private ServerSocketChannel server;
    private SocketChannel peer;
    private TimedChannel channel;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
        SocketChannel ours = SocketChannel.open(server.getLocalAddress());
        peer = server.accept();
        peer.socket().setSoTimeout(10_000);
        channel = TimedChannel.open(ours, Duration.ofSeconds(5));
    }

    @AfterEach
    void disconnect() throws IOException {
        channel.close();
        peer.close();
        server.close();
    }

    @Test
    void bytesArriveInOrderAcrossManyDrainsOfTheBuffer() throws Exception {
        byte[] source = counting(300_000);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readFully(source.length));
        ChannelOutput out = new ChannelOutput(channel, 1000, TIMEOUT_NANOS);

        int at = 0;
        out.write(source[at++]);
        for (int size : new int[] {0, 1, 13, 999, 1000, 1001, 16 * 1024 + 13}) {
            out.write(source, at, size);
            at += size;
        }
        while (at < source.length) {
            out.write(source[at++]);
            int size = Math.min(source.length - at, 4321);
            out.write(source, at, size);
            at += size;
        }
        out.flush();

        assertArrayEquals(source, received.get(10, TimeUnit.SECONDS));
    }

    @Test
    void nothingGoesOutBeforeAFlushOrAFullBuffer() throws Exception {
        ChannelOutput out = new ChannelOutput(channel, 64, TIMEOUT_NANOS);
        DataInputStream in = new DataInputStream(peer.socket().getInputStream());

        out.write(counting(60));
        Thread.sleep(100); // on loopback, anything sent would be there by now
        assertEquals(0, in.available(), "60 bytes wait in a 64-byte buffer");

        byte[] more = {-1, -2, -3, -4, -5, -6, -7, -8, -9, -10};
        out.write(more);
        assertArrayEquals(concat(counting(60), Arrays.copyOf(more, 4)), readExactly(in, 64));
        Thread.sleep(100);
        assertEquals(0, in.available(), "a full buffer goes out, the rest waits");

        out.flush();
        assertArrayEquals(Arrays.copyOfRange(more, 4, 10), readExactly(in, 6));
    }

    private byte[] readFully(int length) {
        try {
            byte[] bytes = new byte[length];
            new DataInputStream(peer.socket().getInputStream()).readFully(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
