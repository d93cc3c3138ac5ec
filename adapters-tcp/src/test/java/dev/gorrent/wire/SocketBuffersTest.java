package dev.gorrent.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link TcpPeerNetwork#configure} does to a socket's kernel buffers. */
class SocketBuffersTest {

    /** Setting a size, any size, would stop Linux from growing the buffers with the connection. */
    @Test
    void byDefaultASocketKeepsTheKernelsBuffers() throws IOException {
        try (SocketChannel untouched = SocketChannel.open(); SocketChannel configured = SocketChannel.open()) {
            TcpPeerNetwork.configure(configured, WireSettings.defaults());

            assertEquals(untouched.getOption(StandardSocketOptions.SO_RCVBUF),
                    configured.getOption(StandardSocketOptions.SO_RCVBUF));
            assertEquals(untouched.getOption(StandardSocketOptions.SO_SNDBUF),
                    configured.getOption(StandardSocketOptions.SO_SNDBUF));
            assertTrue(configured.getOption(StandardSocketOptions.TCP_NODELAY));
        }
    }

    @Test
    void aFixedSizeIsAskedForBothDirections() throws IOException {
        try (SocketChannel untouched = SocketChannel.open(); SocketChannel configured = SocketChannel.open()) {
            // Above Linux's defaults (128 KiB and 16 KiB) and below its smallest usual limits (208 KiB, doubled).
            int asked = 260 * 1024;
            assertTrue(untouched.getOption(StandardSocketOptions.SO_RCVBUF) < asked, "the default is smaller");
            TcpPeerNetwork.configure(configured, WireSettings.defaults().withSocketBufferSize(asked));

            // The kernel may round or double what is asked for, not give less.
            assertTrue(configured.getOption(StandardSocketOptions.SO_RCVBUF) >= asked);
            assertTrue(configured.getOption(StandardSocketOptions.SO_SNDBUF) >= asked);
        }
    }
}
