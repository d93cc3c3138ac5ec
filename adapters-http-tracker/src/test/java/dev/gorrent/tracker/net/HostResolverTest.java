package dev.gorrent.tracker.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostResolverTest {
    private static final Duration GENEROUS = Duration.ofSeconds(5);
    private static final InetAddress TRACKER;

    static {
        try {
            TRACKER = InetAddress.getByAddress("tracker.example", new byte[]{127, 0, 0, 9});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The hosts the lookup was asked for, in order, and the threads it ran on. */
    private final List<String> looked = new CopyOnWriteArrayList<>();
    private final List<Thread> lookupThreads = new CopyOnWriteArrayList<>();
    /** Blocks every lookup of a name starting with "stuck" until released; tests release it in a finally. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch stuckEntered = new CountDownLatch(1);

    private InetAddress lookup(String host) throws UnknownHostException {
        looked.add(host);
        lookupThreads.add(Thread.currentThread());
        if (host.startsWith("stuck")) {
            stuckEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("the resolver interrupted a lookup", e);
            }
        }
        if (host.startsWith("unknown")) {
            throw new UnknownHostException(host + ": Name or service not known");
        }
        return TRACKER;
    }

    private final HostResolver resolver = new HostResolver(this::lookup);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.20.30.255", "0.0.0.0", "::1", "2001:db8::7", "::ffff:10.0.0.1",
            "FE80::1"})
    void anAddressLiteralIsParsedWithoutTheLookup(String literal) throws Exception {
        assertEquals(InetAddress.getByName(literal), resolver.resolve(literal, GENEROUS));

        assertEquals(List.of(), looked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tracker.example", "localhost", "abc", "127.1", "256.0.0.1", "010.0.0.1", "1.2.3.4.5",
            "g::1", ".::1"})
    void aNameOrAnUnusualSpellingGoesToTheLookupOnADaemonResolverThread(String host) throws Exception {
        assertEquals(TRACKER, resolver.resolve(host, GENEROUS));

        assertEquals(List.of(host), looked);
        Thread thread = lookupThreads.get(0);
        assertTrue(thread.getName().startsWith("gorrent-resolve-"), thread.getName());
        assertTrue(thread.isDaemon());
    }

    @Test
    void aLookupThatHangsIsAbandonedWhenTheWaitRunsOut() {
        try {
            long start = System.nanoTime();

            LookupAbandoned e = assertThrows(LookupAbandoned.class,
                    () -> resolver.resolve("stuck.example", Duration.ofMillis(300)));

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("host stuck.example did not resolve within 300 ms", e.getMessage());
            assertTrue(waitedMillis >= 290 && waitedMillis < 5_000, waitedMillis + " ms");
            assertEquals(List.of("stuck.example"), looked);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailedLookupKeepsItsMessage() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> resolver.resolve("unknown.example", GENEROUS));

        assertFalse(e instanceof LookupAbandoned);
        assertEquals("unknown.example: Name or service not known", e.getMessage());
    }

    @Test
    void anInterruptedCallerDoesNotStartALookup() {
        Thread.currentThread().interrupt();
        try {
            InterruptedIOException e = assertThrows(InterruptedIOException.class,
                    () -> resolver.resolve("tracker.example", GENEROUS));

            assertEquals("the lookup of host tracker.example was interrupted", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
            assertEquals(List.of(), looked);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptEndsTheWaitForAHangingLookup() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                resolver.resolve("stuck.example", Duration.ofMinutes(1));
            } catch (Exception e) {
                thrown.set(e);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        try {
            caller.start();
            assertTrue(stuckEntered.await(5, TimeUnit.SECONDS));
            caller.interrupt();
            caller.join(5_000);

            assertFalse(caller.isAlive(), "the caller stopped waiting");
            assertTrue(thrown.get() instanceof InterruptedIOException, String.valueOf(thrown.get()));
            assertEquals(Boolean.TRUE, flagKept.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aQueuedLookupWhoseCallerLeftGivesUpItsPlaceAndIsNeverStarted() throws Exception {
        HostResolver oneThread = new HostResolver(this::lookup, 1, 1);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            Future<InetAddress> stuck = callers.submit(() -> oneThread.resolve("stuck.example", GENEROUS));
            assertTrue(stuckEntered.await(5, TimeUnit.SECONDS));

            assertThrows(LookupAbandoned.class, () -> oneThread.resolve("queued.example", Duration.ofMillis(100)));
            LookupAbandoned next = assertThrows(LookupAbandoned.class,
                    () -> oneThread.resolve("next.example", Duration.ofMillis(100)));
            assertEquals("host next.example did not resolve within 100 ms", next.getMessage(),
                    "the abandoned lookup left the one place in the queue");
            release.countDown();
            assertEquals(TRACKER, stuck.get(5, TimeUnit.SECONDS));
            assertEquals(TRACKER, oneThread.resolve("later.example", GENEROUS));

            assertEquals(List.of("stuck.example", "later.example"), looked);
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aFullQueueFailsTheLookupAtOnce() throws Exception {
        HostResolver tiny = new HostResolver(this::lookup, 1, 1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            callers.submit(() -> tiny.resolve("stuck.example", GENEROUS));
            assertTrue(stuckEntered.await(5, TimeUnit.SECONDS));
            callers.submit(() -> tiny.resolve("stuck.queued.example", GENEROUS));
            awaitQueued(tiny);

            LookupAbandoned e = assertThrows(LookupAbandoned.class,
                    () -> tiny.resolve("tracker.example", GENEROUS));

            assertEquals("host tracker.example was not looked up: all 1 resolver threads are busy and 1 lookups are"
                    + " waiting", e.getMessage());
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0 ms", "PT0.3S, 300 ms", "PT0.2999S, 300 ms", "PT0.999S, 999 ms", "PT1S, 1 s", "PT15S, 15 s",
            "PT14.9999S, 15 s", "PT12.45S, 12.5 s", "PT2M, 120 s", "PT-1S, 0 ms"})
    void describesAWaitRoundedUp(Duration wait, String words) {
        assertEquals(words, HostResolver.inWords(wait));
    }

    /** Waits until the second caller's lookup sits in the queue, as it does once the caller waits for it. */
    private static void awaitQueued(HostResolver resolver) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (resolver.queued() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(1, resolver.queued());
    }
}
