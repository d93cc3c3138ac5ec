package dev.gorrent.tracker.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The tracker's side of one connection, read through a buffer. Every wait for bytes is bounded by what is left of
 * the request's deadline, so a tracker that trickles its answer cannot hold the caller past it.
 */
final class ResponseInput {
    private static final int BUFFER_BYTES = 8 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final Deadline deadline;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    ResponseInput(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = deadline;
    }

    /** The next byte, or -1 when the tracker closed the connection. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Up to {@code length} bytes into {@code target}; -1 when the tracker closed the connection. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    /** Exactly {@code length} bytes into {@code target}. */
    void readFully(byte[] target, int offset, int length) throws IOException, MalformedAnswer {
        int done = 0;
        while (done < length) {
            int count = read(target, offset + done, length - done);
            if (count < 0) {
                throw new MalformedAnswer(
                        "the connection closed after " + done + " of " + length + " announced body bytes");
            }
            done += count;
        }
    }

    /**
     * One line, ended by CRLF or a bare LF, without its end, as ISO-8859-1 text.
     *
     * @param maxChars longest line accepted, not counting its end
     * @param part     what the line belongs to, for the message when the answer ends inside it
     * @return the line, or null when it is longer than {@code maxChars} (the rest of it is left unread)
     */
    String readLine(int maxChars, String part) throws IOException, MalformedAnswer {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = read();
            if (b < 0) {
                throw new MalformedAnswer("the connection closed inside " + part);
            }
            if (b == '\n') {
                return line.toString();
            }
            if (b == '\r') {
                if (read() != '\n') {
                    throw new MalformedAnswer("a carriage return without a line feed in " + part);
                }
                return line.toString();
            }
            if (line.length() == maxChars) {
                return null;
            }
            line.append((char) b);
        }
    }

    private boolean fill() throws IOException {
        int wait = deadline.remainingMillis();
        if (wait == 0) {
            throw new SocketTimeoutException("the deadline passed while reading the answer");
        }
        // Zero would mean "wait forever"; remainingMillis() is at least 1 here.
        socket.setSoTimeout(wait);
        int count = in.read(buffer, 0, buffer.length);
        if (count < 0) {
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }
}
