package dev.gorrent.tracker.net;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Turns a tracker's host name into an address, waiting no longer than the caller allows.
 *
 * <p>The system resolver ({@link InetAddress#getByName}) takes no time-out and ignores interrupts, so a name
 * server that does not answer would hold the caller for as long as the resolver likes (tens of seconds). Here the
 * lookup runs on one of at most {@value #THREADS} daemon threads named {@code gorrent-resolve-N}, and the caller
 * waits for it at most the time it passes; then it gets a {@link LookupAbandoned}. The lookup itself is abandoned,
 * not interrupted, as an interrupt would not stop it: it keeps its thread until the resolver gives up by itself,
 * and its answer (which the JDK caches) is dropped. Lookups beyond the threads wait in a queue of
 * {@value #QUEUED}; the caller's wait covers that time too, and a lookup whose caller has left is taken out of the
 * queue, never started. A full queue fails the lookup at once: more threads would only pile up on a name server
 * that has stopped answering. Idle threads end after {@value #IDLE_SECONDS} s.
 *
 * <p>Address literals never reach a thread: {@code getByName} only parses them.
 *
 * <p>Thread-safe; {@link #system()} is shared by all tracker clients.
 */
public final class HostResolver {
    private static final int THREADS = 4;
    private static final int QUEUED = 64;
    private static final int IDLE_SECONDS = 30;
    private static final AtomicInteger NEXT_THREAD = new AtomicInteger(1);
    /**
     * Forms {@code getByName} parses without a lookup: dotted-quad IPv4 without leading zeros, and anything IPv6-like
     * (hex digits up to a colon, then hex digits, colons and dots, then perhaps a zone), which it parses or refuses
     * at once. Anything else, other literal spellings such as {@code 127.1} included, goes through a thread: a form
     * wrongly taken for a literal here could look up on the caller's thread, one wrongly left out only costs a hop.
     */
    private static final Pattern LITERAL = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                    + "|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    /** A blocking lookup of one host name; {@link #SYSTEM} outside tests. */
    @FunctionalInterface
    public interface Lookup {
        Lookup SYSTEM = InetAddress::getByName;

        InetAddress lookup(String host) throws UnknownHostException;
    }

    /** Starts no thread until the first lookup of a name. */
    private static final HostResolver SYSTEM = new HostResolver(Lookup.SYSTEM);

    private final Lookup lookup;
    private final ThreadPoolExecutor threads;

    /** @param lookup what runs on the resolver's threads: {@link Lookup#SYSTEM}, or a stand-in in tests */
    public HostResolver(Lookup lookup) {
        this(lookup, THREADS, QUEUED);
    }

    /** With other limits, so tests can fill them. */
    HostResolver(Lookup lookup, int threadCount, int queueLength) {
        this.lookup = lookup;
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueLength), HostResolver::resolverThread);
        threads.allowCoreThreadTimeOut(true);
    }

    /** The system resolver, shared so that all trackers together use at most {@value #THREADS} threads. */
    public static HostResolver system() {
        return SYSTEM;
    }

    /**
     * The address of {@code host}, a name or an address literal (IPv6 without brackets), found within {@code wait}.
     *
     * @throws LookupAbandoned        when the lookup did not finish within {@code wait}, or could not even queue
     * @throws UnknownHostException   when the lookup failed, with its message
     * @throws InterruptedIOException when the caller was interrupted; its interrupt flag stays set
     */
    public InetAddress resolve(String host, Duration wait) throws UnknownHostException, InterruptedIOException {
        if (LITERAL.matcher(host).matches()) {
            return InetAddress.getByName(host);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(host);
        }
        FutureTask<InetAddress> pending = new FutureTask<>(() -> lookup.lookup(host));
        try {
            threads.execute(pending);
        } catch (RejectedExecutionException e) {
            throw new LookupAbandoned("host " + host + " was not looked up: all " + threads.getMaximumPoolSize()
                    + " resolver threads are busy and " + threads.getQueue().size() + " lookups are waiting");
        }
        try {
            return pending.get(nanos(wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(pending);
            throw new LookupAbandoned("host " + host + " did not resolve within " + inWords(wait));
        } catch (InterruptedException e) {
            abandon(pending);
            Thread.currentThread().interrupt();
            throw interrupted(host);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
    }

    /** How many lookups wait for a thread; for tests. */
    int queued() {
        return threads.getQueue().size();
    }

    /** Leaves a running lookup to finish on its own; one still queued is dropped, so it takes up no thread. */
    private void abandon(FutureTask<InetAddress> pending) {
        pending.cancel(false);
        threads.remove(pending);
    }

    /** The wait in nanoseconds, a wait of centuries cut to the longest a {@code long} holds. */
    private static long nanos(Duration wait) {
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return wait.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    private static InterruptedIOException interrupted(String host) {
        return new InterruptedIOException("the lookup of host " + host + " was interrupted");
    }

    /** The lookup's own failure, with its message, thrown anew so its stack shows the caller rather than the pool. */
    private static UnknownHostException failed(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            UnknownHostException again = new UnknownHostException(cause.getMessage());
            again.initCause(cause);
            return again;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("a lookup threw " + cause, cause);
    }

    /**
     * "300 ms" under a second, else seconds to a tenth ("15 s", "12.5 s"); rounded up, so the time a request
     * spent before its lookup does not turn a 15 s deadline into "14999 ms".
     */
    static String inWords(Duration wait) {
        long millis = Math.max(0, wait.toMillis() + (wait.toNanosPart() % 1_000_000 == 0 ? 0 : 1));
        if (millis < 1000) {
            return millis + " ms";
        }
        long tenths = (millis + 99) / 100;
        return tenths / 10 + (tenths % 10 == 0 ? "" : "." + tenths % 10) + " s";
    }

    /** A daemon thread, so a lookup stuck at shutdown never keeps the JVM alive. */
    private static Thread resolverThread(Runnable task) {
        Thread thread = new Thread(task, "gorrent-resolve-" + NEXT_THREAD.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
