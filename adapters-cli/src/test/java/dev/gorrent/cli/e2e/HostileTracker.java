package dev.gorrent.cli.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP tracker on 127.0.0.1 that answers every announce with one fault, for {@code HostileTrackersIT}.
 *
 * <p>Threads: the JDK server hands each exchange to a small pool; the announce count is atomic, and
 * {@link #close} releases any exchange a silent tracker is holding.
 */
final class HostileTracker implements AutoCloseable {
    /** What the tracker does wrong. */
    enum Fault {
        /** 200 OK with an HTML page instead of bencode. */
        GARBAGE,
        /** 500 Internal Server Error. */
        HTTP_500,
        /** A well-formed refusal: {@code failure reason}. */
        FAILURE_REASON,
        /** 200 OK and 3 MB of body, more than any announce answer may be. */
        HUGE_BODY,
        /** Accepts the request and never answers. */
        SILENT
    }

    private static final int HUGE_BODY_BYTES = 3 * 1024 * 1024;

    private final Fault fault;
    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger announces = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);

    private HostileTracker(Fault fault, HttpServer server, ExecutorService pool) {
        this.fault = fault;
        this.server = server;
        this.pool = pool;
    }

    static HostileTracker start(Fault fault) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "hostile-tracker-" + fault);
            thread.setDaemon(true);
            return thread;
        });
        HostileTracker tracker = new HostileTracker(fault, server, pool);
        server.createContext("/announce", tracker::answer);
        server.setExecutor(pool);
        server.start();
        return tracker;
    }

    URI announceUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/announce");
    }

    Fault fault() {
        return fault;
    }

    /** How many announces arrived so far. */
    int announces() {
        return announces.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        announces.incrementAndGet();
        try (exchange) {
            switch (fault) {
                case GARBAGE -> send(exchange, 200, "<html><body>Tracker under maintenance</body></html>");
                case HTTP_500 -> send(exchange, 500, "Internal Server Error");
                case FAILURE_REASON -> send(exchange, 200, "d14:failure reason27:torrent not registered heree");
                case HUGE_BODY -> {
                    exchange.sendResponseHeaders(200, HUGE_BODY_BYTES);
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    try (OutputStream body = exchange.getResponseBody()) {
                        for (int sent = 0; sent < HUGE_BODY_BYTES; sent += chunk.length) {
                            body.write(chunk);
                        }
                    } catch (IOException e) {
                        // Gorrent hung up once past its cap: what we hoped for.
                    }
                }
                case SILENT -> {
                    try {
                        closing.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
