package dev.gorrent.tracker.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server on 127.0.0.1 that answers each connection with a script, byte for byte, for answers no real HTTP server
 * would send: broken framing, endless heads, trickled bodies. It keeps the request heads it received.
 */
final class ScriptedTracker implements AutoCloseable {
    /** Longest a script may hold a connection open; only reached when a test forgets to close the tracker. */
    private static final long HOLD_LIMIT_SECONDS = 30;
    private static final int MAX_REQUEST_HEAD = 64 * 1024;

    /** Writes the answer to one request. */
    @FunctionalInterface
    interface Script {
        void answer(Exchange exchange) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedTracker(ServerSocket server, Script script) {
        this.server = server;
        this.script = script;
    }

    static ScriptedTracker start(Script script) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ScriptedTracker tracker = new ScriptedTracker(server, script);
        daemon(tracker::acceptAll, "scripted-tracker-accept").start();
        return tracker;
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    /** The heads of the requests received so far (request line and fields, CRLF-separated), in order. */
    List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    /** The request lines received so far, in order. */
    List<String> requestLines() {
        return requestHeads.stream().map(head -> head.substring(0, head.indexOf("\r\n"))).toList();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    /** One connection as its script sees it. */
    final class Exchange {
        private final String requestHead;
        private final OutputStream out;

        private Exchange(String requestHead, OutputStream out) {
            this.requestHead = requestHead;
            this.out = out;
        }

        /** Path and query of the request, as sent. */
        String target() {
            String line = requestHead.substring(0, requestHead.indexOf("\r\n"));
            return line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
        }

        /** A URL of this tracker, for redirects. */
        String url(String pathAndQuery) {
            return ScriptedTracker.this.url(pathAndQuery);
        }

        /** Sends text (as ISO-8859-1) and raw byte arrays, in order, at once. */
        void send(Object... parts) throws IOException {
            for (Object part : parts) {
                out.write(part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        }

        /** Sends {@code bytes} one at a time, {@code pauseMillis} apart. */
        void trickle(byte[] bytes, long pauseMillis) throws IOException, InterruptedException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(pauseMillis);
            }
        }

        void pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        /** Keeps the connection open, saying nothing more, until the tracker is closed. */
        void holdOpen() throws InterruptedException {
            closed.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                daemon(() -> serve(connection), "scripted-tracker-connection").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            String head = readRequestHead(connection.getInputStream());
            requestHeads.add(head);
            script.answer(new Exchange(head, connection.getOutputStream()));
        } catch (SocketException e) {
            // The client hung up first, as it should when it refuses an answer part way.
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("scripted tracker failed", e);
        }
    }

    private static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.size() == MAX_REQUEST_HEAD) {
                throw new SocketException("request head incomplete: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
