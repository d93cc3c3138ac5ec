package dev.gorrent.wire;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadOwnedBufferTest {

    /**
     * Bytes in memory that "arrive" as a test says: at most {@code chunk} per read, as a channel hands out what
     * has come. A blocking read of bytes that have not arrived fails the test instead of hanging it.
     */
    static final class Arrivals implements ThreadOwnedBuffer.Source {
        private final byte[] bytes;
        private final int chunk;
        private int arrived;
        private int at;
        int calls;

        Arrivals(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.arrived = bytes.length;
        }

        /** Only the first {@code count} bytes have arrived so far; {@link #arrive} lets more in. */
        static Arrivals upTo(byte[] bytes, int chunk, int count) {
            Arrivals arrivals = new Arrivals(bytes, chunk);
            arrivals.arrived = count;
            return arrivals;
        }

        void arrive(int count) {
            arrived = Math.min(bytes.length, arrived + count);
        }

        @Override
        public int read(ByteBuffer into) {
            int read = readNow(into);
            if (read == 0 && into.hasRemaining()) {
                throw new AssertionError("a read would have blocked at byte " + at);
            }
            return read;
        }

        @Override
        public int readNow(ByteBuffer into) {
            calls++;
            if (at == bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(chunk, arrived - at), into.remaining());
            into.put(bytes, at, count);
            at += count;
            return count;
        }
    }

    static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    @Test
    void bytesComeOutInOrderWhateverTheReadSizesAndRefills() throws IOException {
        byte[] source = counting(10_000);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(new Arrivals(source, 333), 64);

        byte[] out = new byte[source.length];
        int at = 0;
        out[at++] = (byte) buffer.read();
        for (int size : new int[] {1, 5, 63, 64, 65, 200, 1000}) {
            at += new DataInputStream(buffer).read(out, at, size);
        }
        while (at < out.length) {
            int read = buffer.read(out, at, out.length - at);
            at += read;
        }

        assertArrayEquals(source, out);
        assertEquals(-1, buffer.read());
        assertEquals(-1, buffer.read(new byte[4], 0, 4));
    }

    @Test
    void bytesSurviveTopUpsThatMoveTheUnreadOnesToTheFront() throws IOException {
        byte[] source = counting(5_000);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(new Arrivals(source, 11), 64);

        byte[] out = new byte[source.length];
        int at = 0;
        while (at < out.length) {
            // Topping up after every few bytes fills the buffer to its end again and again.
            buffer.topUp();
            buffer.topUp();
            at += buffer.read(out, at, Math.min(7, out.length - at));
        }

        assertArrayEquals(source, out);
        assertFalse(buffer.topUp(), "nothing more comes at the end");
    }

    @Test
    void peekingAPrefixSplitAcrossReadsLeavesItUnread() throws IOException {
        byte[] source = {0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 9};
        Arrivals arrivals = new Arrivals(source, 1);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(arrivals, 8);
        DataInputStream data = new DataInputStream(buffer);
        data.skipBytes(2);
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());

        assertEquals(0x12345678, buffer.peekInt());
        int calls = arrivals.calls;
        assertEquals(0x12345678, buffer.peekInt(), "peeking twice");
        assertEquals(calls, arrivals.calls, "the second peek asked the source for nothing");
        assertEquals(4, buffer.available(), "only the prefix is buffered");
        assertTrue(buffer.topUp());
        assertEquals(5, buffer.available());
        assertEquals(0x12345678, data.readInt());
        assertEquals(9, data.readByte());
    }

    @Test
    void aPrefixCutShortByTheEndOfTheStreamIsAnEof() throws IOException {
        // Callers peek only when four bytes are available; a channel that then closes early must not hang it.
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(new Arrivals(new byte[] {1, 2}, 1), 8);
        assertThrows(EOFException.class, buffer::peekInt);
    }

    @Test
    void topUpNeverWaitsAndAvailableNeverAsks() throws IOException {
        byte[] source = counting(20);
        Arrivals arrivals = Arrivals.upTo(source, 100, 6);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(arrivals, 16);

        assertEquals(0, buffer.available());
        assertEquals(0, arrivals.calls, "available() is no system call");
        assertTrue(buffer.topUp());
        assertEquals(6, buffer.available());
        assertFalse(buffer.topUp(), "nothing more has arrived");

        arrivals.arrive(100);
        assertTrue(buffer.topUp());
        assertEquals(16, buffer.available(), "as much as the buffer holds");
        assertFalse(buffer.topUp(), "a full buffer takes nothing in");
        byte[] out = new byte[20];
        new DataInputStream(buffer).readFully(out);
        assertArrayEquals(source, out);
    }

    @Test
    void aReadLargerThanTheBufferGetsWhatIsBuffered() throws IOException {
        byte[] source = counting(100);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(new Arrivals(source, 100), 16);

        byte[] out = new byte[100];
        assertEquals(16, buffer.read(out, 0, 100));
        new DataInputStream(buffer).readFully(out, 16, 84);
        assertArrayEquals(source, out);
        assertEquals(0, buffer.read(out, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.read(out, 90, 20));
        assertArrayEquals(Arrays.copyOf(source, 100), out);
    }
}
