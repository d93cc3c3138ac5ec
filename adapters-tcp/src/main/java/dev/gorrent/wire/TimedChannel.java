package dev.gorrent.wire;

import dev.gorrent.application.port.out.BlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connected peer channel in non-blocking mode, with the timeouts a blocking socket would give it: reads
 * wait at most the read timeout for a byte, writes at most a timeout without progress. Why a channel and
 * not a socket's streams: those copy every byte through a temporary direct buffer, and asking them how much
 * has arrived is a system call; a channel reads into and writes from our own direct buffers.
 *
 * <p>Threads: one <em>reading</em> thread calls {@link #read}, {@link #readNow} and {@link #setReadTimeout}
 * and waits on its own selector; one <em>writing</em> thread calls {@link #writeFully} and {@link #transferFully}
 * and waits on another, so neither ever waits for the other.
 * (During the handshake both are the one handshaking thread, which then
 * hands the channel over.) {@link #close} may come from any thread: it closes the channel and both selectors,
 * which ends a wait in either at once. Closing the channel alone would not: a select does not notice it, and
 * the socket itself is released only once both selectors have let go of it.
 */
final class TimedChannel implements ThreadOwnedBuffer.Source, Closeable {
    private static final Logger log = LoggerFactory.getLogger(TimedChannel.class);
    /** The keys are never looked at: whatever woke the select, the caller simply tries again. */
    private static final Consumer<SelectionKey> IGNORE = key -> {
    };

    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;
    /** Set by the handshaking thread, then read by the reading thread it hands over to. */
    private volatile long readTimeoutNanos;
    /**
     * Reading thread only: the last read found nothing waiting. The next blocking read then goes straight to
     * its select instead of first asking the kernel again, which would almost surely find nothing again.
     */
    private boolean drained;
    /**
     * Writing thread only (state, not locals, so that the two kinds of write share the wait without a lambda per
     * call on the hot path): whether the current write is stalled, and until when it may stay so.
     */
    private boolean stalled;
    private long stallDeadline;

    private TimedChannel(SocketChannel channel, Selector readable, Selector writable, Duration readTimeout) {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    /**
     * Switches a connected channel to non-blocking mode and registers it for reading and for writing. Takes
     * the channel over: it is closed when this fails, and later by {@link #close}.
     */
    static TimedChannel open(SocketChannel channel, Duration readTimeout) throws IOException {
        Selector readable = null;
        Selector writable = null;
        try {
            channel.configureBlocking(false);
            readable = Selector.open();
            writable = Selector.open();
            channel.register(readable, SelectionKey.OP_READ);
            channel.register(writable, SelectionKey.OP_WRITE);
            return new TimedChannel(channel, readable, writable, readTimeout);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (readable != null) {
                closeQuietly(readable);
            }
            if (writable != null) {
                closeQuietly(writable);
            }
            throw e;
        }
    }

    /** How long {@link #read} waits for a byte from now on. */
    void setReadTimeout(Duration timeout) {
        readTimeoutNanos = timeout.toNanos();
    }

    /**
     * Reads what has arrived into {@code into}, waiting up to the read timeout for at least one byte.
     *
     * @return how many bytes came (0 only when {@code into} has no room), or -1 when the peer closed
     * @throws SocketTimeoutException when nothing arrived within the read timeout
     * @throws IOException            when the channel fails or is closed, or the thread is interrupted
     */
    @Override
    public int read(ByteBuffer into) throws IOException {
        if (!into.hasRemaining()) {
            return 0;
        }
        if (!drained) {
            int read = channel.read(into);
            if (read != 0) {
                return read;
            }
            drained = true;
        }
        long timeout = readTimeoutNanos;
        long deadline = System.nanoTime() + timeout;
        long left = timeout;
        while (true) {
            await(readable, left);
            int read = channel.read(into);
            if (read != 0) {
                drained = false;
                return read;
            }
            // Woken by nothing (selects may return early): wait out what is left.
            left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("nothing arrived for " + describe(timeout));
            }
        }
    }

    /** Reads what has arrived, never waiting: 0 when nothing has (or {@code into} has no room), -1 at the end. */
    @Override
    public int readNow(ByteBuffer into) throws IOException {
        if (!into.hasRemaining()) {
            return 0;
        }
        int read = channel.read(into);
        drained = read == 0;
        return read;
    }

    /**
     * Writes everything remaining in {@code from}. Waits while the kernel's send buffer is full, but at most
     * {@code timeoutNanos} at a time without any byte going out: a slow peer that reads is waited for, one
     * that stopped reading is not.
     *
     * @throws WriteTimeoutException when nothing could be written for the timeout
     * @throws IOException           when the channel fails or is closed, or the thread is interrupted
     */
    void writeFully(ByteBuffer from, long timeoutNanos) throws IOException {
        stalled = false;
        while (from.hasRemaining()) {
            if (channel.write(from) > 0) {
                stalled = false;
            } else {
                awaitRoom(timeoutNanos);
            }
        }
    }

    /**
     * Has {@code source} move {@code length} bytes of its block straight to the channel (from the system's file
     * cache, for a block on disk), waiting for room as {@link #writeFully} does.
     *
     * @throws WriteTimeoutException when nothing could be written for the timeout
     * @throws IOException           when the source or the channel fails, or the thread is interrupted
     */
    void transferFully(BlockSource source, int length, long timeoutNanos) throws IOException {
        stalled = false;
        int done = 0;
        while (done < length) {
            long moved = source.transferTo(done, length - done, channel);
            if (moved > length - done) {
                throw new IOException("a block's source moved " + moved + " bytes where " + (length - done)
                        + " were left");
            }
            if (moved > 0) {
                done += (int) moved;
                stalled = false;
            } else {
                awaitRoom(timeoutNanos);
            }
        }
    }

    /**
     * After a write that moved nothing: waits for room, at most until the stall has lasted the timeout (it starts
     * with the first write since progress that moved nothing).
     */
    private void awaitRoom(long timeoutNanos) throws IOException {
        long now = System.nanoTime();
        if (!stalled) {
            stalled = true;
            stallDeadline = now + timeoutNanos;
        } else if (stallDeadline - now <= 0) {
            throw new WriteTimeoutException("nothing could be written for " + describe(timeoutNanos));
        }
        await(writable, stallDeadline - now);
    }

    /** Whether {@link #close} has been called (or the channel closed otherwise). */
    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the channel, then both selectors; idempotent and never throws. The channel goes first, so a
     * thread woken from its select finds it closed and fails instead of selecting again.
     */
    @Override
    public void close() {
        closeQuietly(channel);
        closeQuietly(readable);
        closeQuietly(writable);
    }

    /** Waits up to {@code nanos} (at least a millisecond, as selects count in those) for the selector's key. */
    private static void await(Selector selector, long nanos) throws IOException {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        try {
            selector.select(IGNORE, millis);
        } catch (ClosedSelectorException e) {
            throw (IOException) new AsynchronousCloseException().initCause(e);
        }
        // An interrupted thread's select returns at once, every time: waiting on would spin.
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting for a peer");
        }
    }

    private static String describe(long nanos) {
        return Durations.describe(Duration.ofNanos(nanos));
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing {} failed", closeable, e);
        }
    }

    /** Nothing could be written for the write timeout: the peer has stopped reading. */
    static final class WriteTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteTimeoutException(String message) {
            super(message);
        }
    }
}
