package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class PieceBuffersTest {

    @Test
    void aGivenBackBufferServesTheNextPiece() {
        PieceBuffers buffers = new PieceBuffers(1024, 2);
        byte[] first = buffers.take(1024);
        buffers.give(first);

        assertSame(first, buffers.take(1024));
        assertNotSame(first, buffers.take(1024), "a buffer is out only once");
    }

    @Test
    void theShortLastPieceGetsItsOwnArrayAndIsNotKept() {
        PieceBuffers buffers = new PieceBuffers(1024, 2);
        byte[] last = buffers.take(100);
        assertEquals(100, last.length);
        buffers.give(last);

        assertEquals(1024, buffers.take(1024).length);
    }

    @Test
    void keepsNoMoreThanItsBound() {
        PieceBuffers buffers = new PieceBuffers(8, 1);
        byte[] a = buffers.take(8);
        byte[] b = buffers.take(8);
        buffers.give(a);
        buffers.give(b);

        assertSame(a, buffers.take(8));
        byte[] fresh = buffers.take(8);
        assertNotSame(a, fresh);
        assertNotSame(b, fresh, "the buffer beyond the bound was let go");
    }
}
