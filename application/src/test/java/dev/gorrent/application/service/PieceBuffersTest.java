package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PieceBuffersTest {
    private static final int PIECE = 64 * 1024;

    @Test
    void buffersArePageAlignedNativeMemoryWithRoomForAPiece() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 2);

        ByteBuffer buffer = buffers.take(PIECE - 100);

        assertTrue(buffer.isDirect());
        assertEquals(0, buffer.alignmentOffset(0, PieceBuffers.ALIGNMENT), "page-aligned, as O_DIRECT asks");
        assertEquals(0, buffer.position());
        assertEquals(PIECE - 100, buffer.limit(), "the last piece of a torrent may be shorter");
        assertTrue(buffer.capacity() >= PIECE);
    }

    @Test
    void aBufferGivenBackIsTakenAgainCleared() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 2);
        ByteBuffer first = buffers.take(PIECE);
        first.position(10).limit(20);

        buffers.give(first);
        ByteBuffer again = buffers.take(PIECE);

        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(PIECE, again.limit());
    }

    @Test
    void keepsNoMoreIdleBuffersThanAsked() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 1);
        ByteBuffer a = buffers.take(PIECE);
        ByteBuffer b = buffers.take(PIECE);
        buffers.give(a);
        buffers.give(b);

        assertSame(a, buffers.take(PIECE));
        assertNotSame(b, buffers.take(PIECE), "the second idle buffer was let go");
    }

    @Test
    void refusesSizesBeyondAPiece() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 1);

        assertThrows(IllegalArgumentException.class, () -> buffers.take(PIECE + 1));
        assertThrows(IllegalArgumentException.class, () -> buffers.take(-1));
        assertThrows(IllegalArgumentException.class, () -> new PieceBuffers(0, 1));
    }
}
