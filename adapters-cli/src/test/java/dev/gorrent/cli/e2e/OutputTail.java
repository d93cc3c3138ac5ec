package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The last lines a child process wrote to one of its streams, kept within a byte budget.
 *
 * <p>One drain thread per stream appends; test threads read snapshots. All access goes through
 * this object's monitor.
 */
final class OutputTail {
    private static final int MAX_CHARS = 256 * 1024;
    private static final int MAX_LINE_CHARS = 8 * 1024;

    private final Deque<String> lines = new ArrayDeque<>();
    private int chars;
    private int dropped;
    private boolean closed;

    /**
     * Starts a daemon thread that copies {@code stream} into a new tail, telling {@code onLine} of
     * each line and running {@code onClose} when the stream ends.
     */
    static OutputTail drain(InputStream stream, String threadName, Consumer<String> onLine, Runnable onClose) {
        OutputTail tail = new OutputTail();
        Thread thread = new Thread(() -> {
            tail.copy(stream, onLine);
            onClose.run();
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    private void copy(InputStream stream, Consumer<String> onLine) {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) != -1) {
                // Test tools print ASCII; a multi-byte character split across reads only garbles a log line.
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                for (int i = 0; i < chunk.length(); i++) {
                    char c = chunk.charAt(i);
                    if (c == '\n' || line.length() >= MAX_LINE_CHARS) {
                        emit(stripCarriageReturn(line), onLine);
                        line.setLength(0);
                        if (c == '\n') {
                            continue;
                        }
                    }
                    line.append(c);
                }
            }
        } catch (IOException e) {
            line.append(" [output stream failed: ").append(e.getMessage()).append(']');
        } finally {
            if (line.length() > 0) {
                emit(stripCarriageReturn(line), onLine);
            }
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    private static String stripCarriageReturn(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private void emit(String line, Consumer<String> onLine) {
        synchronized (this) {
            lines.addLast(line);
            chars += line.length() + 1;
            while (chars > MAX_CHARS && lines.size() > 1) {
                chars -= lines.removeFirst().length() + 1;
                dropped++;
            }
        }
        onLine.accept(line);
    }

    /** Waits up to {@code millis} for the process to close the stream, so a snapshot holds everything. */
    synchronized void awaitClosed(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    /** The kept lines, joined by newlines, with a note when older lines were dropped. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        if (dropped > 0) {
            text.append("[... ").append(dropped).append(" earlier lines dropped ...]\n");
        }
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
