package dev.gorrent.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadOwnedBufferTest {
    /** Hands out at most {@code chunk} bytes per read, as a socket does with what has arrived. */
    private static InputStream trickling(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] into, int offset, int length) {
                return super.read(into, offset, Math.min(length, chunk));
            }
        };
    }

    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    @Test
    void bytesComeOutInOrderWhateverTheReadSizesAndRefills() throws IOException {
        byte[] source = counting(10_000);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(trickling(source, 333), 64);

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
    void peekingAPrefixSplitAcrossReadsLeavesItUnread() throws IOException {
        byte[] source = {0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 9};
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(trickling(source, 1), 8);
        buffer.skip(2);
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());
        assertEquals(0, buffer.read());

        assertEquals(0x12345678, buffer.peekInt());
        assertEquals(0x12345678, buffer.peekInt(), "peeking twice reads nothing");
        assertEquals(5, buffer.available());
        DataInputStream data = new DataInputStream(buffer);
        assertEquals(0x12345678, data.readInt());
        assertEquals(9, data.readByte());
    }

    @Test
    void aPrefixCutShortByTheEndOfTheStreamIsAnEof() throws IOException {
        // Callers peek only when four bytes are available; a socket that then closes early must not hang it.
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(trickling(new byte[] {1, 2}, 1), 8);
        assertThrows(EOFException.class, buffer::peekInt);
    }

    @Test
    void aReadAsLargeAsTheBufferBypassesIt() throws IOException {
        byte[] source = counting(100);
        ThreadOwnedBuffer buffer = new ThreadOwnedBuffer(new ByteArrayInputStream(source), 16);

        byte[] out = new byte[100];
        assertEquals(100, buffer.read(out, 0, 100));
        assertArrayEquals(source, out);
        assertEquals(0, buffer.read(out, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.read(out, 90, 20));
        assertArrayEquals(Arrays.copyOf(source, 100), out);
    }
}
