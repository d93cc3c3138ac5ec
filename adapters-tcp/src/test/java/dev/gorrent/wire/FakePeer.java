package dev.gorrent.wire;

import dev.gorrent.domain.peer.PeerAddress;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A scripted remote peer on a loopback server socket. Its own thread accepts one connection and runs the
 * script; the test thread collects the script's outcome with {@link #awaitScript}, so assertions made in the
 * script fail the test.
 */
final class FakePeer implements AutoCloseable {

    /** What the fake does with the one connection it accepts. */
    interface Script {
        void run(Socket socket, DataInputStream in, DataOutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Thread thread;
    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private volatile Socket accepted;

    private FakePeer(Script script, InetAddress bindAddress) throws IOException {
        server = new ServerSocket(0, 1, bindAddress);
        thread = new Thread(() -> serve(script), "fake-peer");
        thread.setDaemon(true);
        thread.start();
    }

    static FakePeer start(Script script) throws IOException {
        return new FakePeer(script, InetAddress.getByName("127.0.0.1"));
    }

    /** Like {@link #handshaking}, listening on another loopback address (such as IPv6's ::1). */
    static FakePeer handshakingOn(InetAddress bindAddress, Script then) throws IOException {
        return new FakePeer((socket, in, out) -> {
            assertArrayEquals(WireBytes.handshake(WireBytes.INFO_HASH, WireBytes.OUR_ID),
                    WireBytes.readExactly(in, 68), "our handshake on the wire");
            out.write(WireBytes.handshake(WireBytes.INFO_HASH, WireBytes.THEIR_ID));
            out.flush();
            then.run(socket, in, out);
        }, bindAddress);
    }

    /** Answers a well-formed handshake (after checking ours byte for byte), then runs {@code then}. */
    static FakePeer handshaking(Script then) throws IOException {
        return start((socket, in, out) -> {
            assertArrayEquals(WireBytes.handshake(WireBytes.INFO_HASH, WireBytes.OUR_ID),
                    WireBytes.readExactly(in, 68), "our handshake on the wire");
            out.write(WireBytes.handshake(WireBytes.INFO_HASH, WireBytes.THEIR_ID));
            out.flush();
            then.run(socket, in, out);
        });
    }

    /**
     * Blocks until the other side (or {@link #close}) ends the connection: a peer that says nothing. The
     * fake's own read timeout does not end the silence, so a test cannot pass because the fake gave up.
     */
    static void staySilent(DataInputStream in) {
        while (true) {
            try {
                if (in.read() < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // Still silent; keep waiting.
            } catch (IOException e) {
                return; // a reset counts as closed too
            }
        }
    }

    private void serve(Script script) {
        try (Socket socket = server.accept()) {
            accepted = socket;
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            script.run(socket, in, out);
            outcome.complete(null);
        } catch (Throwable e) {
            outcome.completeExceptionally(e);
        }
    }

    PeerAddress address() {
        return new PeerAddress("127.0.0.1", server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the script and rethrows what it threw, assertion errors included. */
    void awaitScript() throws Exception {
        try {
            outcome.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        Socket socket = accepted;
        if (socket != null) {
            socket.close();
        }
        thread.join(5_000);
    }
}
