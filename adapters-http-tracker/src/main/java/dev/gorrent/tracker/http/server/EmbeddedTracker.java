package dev.gorrent.tracker.http.server;

import com.sun.net.httpserver.HttpServer;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.domain.metainfo.InfoHash;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory HTTP tracker (announce per BEP 3/7/23, scrape per BEP 48) for running a swarm without
 * any outside tracker, as {@code gorrent demo} does on loopback.
 *
 * <p>Threads: the JDK server's dispatcher thread accepts connections and hands each request to two daemon
 * worker threads (queue of {@value #QUEUE_LENGTH}; when that is full the dispatcher serves the request
 * itself, which slows accepting instead of dropping connections). The workers share the swarms, which
 * guard themselves with one lock. {@link #allow} and {@link #close} may be called from any thread.
 */
public final class EmbeddedTracker implements AutoCloseable {
    private static final int WORKERS = 2;
    private static final int QUEUE_LENGTH = 64;
    private static final int BACKLOG = 64;
    private static final long CLOSE_WAIT_MILLIS = 500;

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final Swarms swarms;
    private final String announceUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedTracker(HttpServer server, ThreadPoolExecutor workers, Swarms swarms) {
        this.server = server;
        this.workers = workers;
        this.swarms = swarms;
        this.announceUrl = "http://" + urlHost(server.getAddress()) + ":" + server.getAddress().getPort()
                + AnnounceHandler.PATH;
    }

    /** Starts with {@link EmbeddedTrackerSettings#defaults()} on the system clock; port 0 takes any free port. */
    public static EmbeddedTracker start(InetSocketAddress bindAddress) throws IOException {
        return start(bindAddress, EmbeddedTrackerSettings.defaults(), System::nanoTime);
    }

    /**
     * Starts serving at once.
     *
     * @param clock decides when silent peers expire (tests pass one they move by hand)
     * @throws IOException when the address cannot be bound (in use, or not this machine's)
     */
    public static EmbeddedTracker start(InetSocketAddress bindAddress, EmbeddedTrackerSettings settings, Clock clock)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(bindAddress, BACKLOG);
        } catch (IOException e) {
            throw new IOException("cannot start the embedded tracker on " + bindAddress + ": " + e.getMessage(), e);
        }
        Swarms swarms = new Swarms(settings, clock);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_LENGTH), new WorkerThreads(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(workers);
        server.createContext(AnnounceHandler.PATH, new AnnounceHandler(swarms, settings));
        server.createContext(ScrapeHandler.PATH, new ScrapeHandler(swarms));
        server.start();
        return new EmbeddedTracker(server, workers, swarms);
    }

    /** The URL to put in a torrent's {@code announce}, e.g. {@code http://127.0.0.1:6969/announce}. */
    public String announceUrl() {
        return announceUrl;
    }

    /** The TCP port the tracker listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves this torrent. Until the first call every torrent is served; from then on only allowed ones,
     * and announces for others get the failure "unregistered torrent".
     */
    public void allow(InfoHash infoHash) {
        swarms.allow(infoHash);
    }

    /** Stops listening and drops open connections; returns within about a second. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // No grace period: the swarms live only in memory, so there is nothing a pending request could save.
        server.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The host part of the announce URL: loopback for a wildcard bind, since the demo's peers are local. */
    private static String urlHost(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = text.indexOf('%');
            return "[" + (scope < 0 ? text : text.substring(0, scope)) + "]";
        }
        return text;
    }

    /** Daemon threads, so a tracker someone forgot to close never keeps the JVM alive. */
    private static final class WorkerThreads implements ThreadFactory {
        private static final AtomicInteger NEXT = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "gorrent-tracker-" + NEXT.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
