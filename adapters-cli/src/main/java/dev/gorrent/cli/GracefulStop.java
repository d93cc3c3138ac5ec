package dev.gorrent.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGINT and SIGTERM into an interrupt of the working thread, waits (bounded) for it to stop
 * cleanly (data flushed, resume record written, trackers told), then ends the process with the exit
 * code the command chose. Without this, the JVM would end with the signal's own status and no clean stop.
 *
 * <p>Threads: {@link #install} and {@link #finished} are called by the working thread; the hook runs on
 * the JVM's shutdown thread.
 */
public final class GracefulStop {
    private static final long WAIT_SECONDS = 15;

    private final Thread worker;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERRUPTED);
    private final Thread hook;

    private GracefulStop(Thread worker, PrintStream err) {
        this.worker = worker;
        this.hook = new Thread(() -> {
            if (done.getCount() == 0) {
                return;
            }
            err.println();
            err.println("gorrent: stopping (telling trackers, saving resume data)...");
            worker.interrupt();
            try {
                if (done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gorrent-stop");
    }

    /** Watches for signals while the calling thread works. */
    public static GracefulStop install(PrintStream err) {
        GracefulStop stop = new GracefulStop(Thread.currentThread(), err);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** The work ended (normally or after an interrupt) with this exit code. */
    public void finished(int code) {
        exitCode.set(code);
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it will end the process with our code.
        }
    }

    /** Whether a signal asked us to stop. */
    public boolean wasSignalled() {
        return worker.isInterrupted() || hook.isAlive();
    }
}
