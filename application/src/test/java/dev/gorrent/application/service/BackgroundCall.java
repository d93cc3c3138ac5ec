package dev.gorrent.application.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A service call on a thread of its own, so a test can act while it runs and stop it the way Ctrl-C
 * does, with an interrupt. The call's thread completes the outcome; the test thread waits on it.
 */
final class BackgroundCall<T> {
    /** The call to make. */
    interface Work<T> {
        T run() throws Exception;
    }

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;

    private BackgroundCall(String name, Work<T> work) {
        this.thread = new Thread(() -> {
            try {
                outcome.complete(work.run());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
    }

    static <T> BackgroundCall<T> start(String name, Work<T> work) {
        BackgroundCall<T> call = new BackgroundCall<>(name, work);
        call.thread.start();
        return call;
    }

    void interrupt() {
        thread.interrupt();
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** What the call returned; fails the test when it threw or did not end in time. */
    T result(Duration within) throws InterruptedException {
        try {
            return outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call threw instead of returning: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not end within " + within);
        }
    }

    /** What the call threw; fails the test when it returned or did not end in time. */
    Throwable thrown(Duration within) throws InterruptedException {
        try {
            T value = outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the call returned " + value + " instead of throwing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not end within " + within);
        }
    }
}
