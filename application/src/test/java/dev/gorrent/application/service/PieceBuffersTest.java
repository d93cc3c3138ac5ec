package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PieceBuffersTest {
    private static final int PIECE = 64 * 1024;

    @Test
    void buffersArePageAlignedNativeMemoryWithRoomForAPiece() {
        PieceBuffers buffers = new PieceBuffers(PIECE);

        ByteBuffer buffer = buffers.take(PIECE - 100);

        assertTrue(buffer.isDirect());
        assertEquals(0, buffer.alignmentOffset(0, PieceBuffers.ALIGNMENT), "page-aligned, as O_DIRECT asks");
        assertEquals(0, buffer.position());
        assertEquals(PIECE - 100, buffer.limit(), "the last piece of a torrent may be shorter");
        assertTrue(buffer.capacity() >= PIECE);
    }

    @Test
    void aBufferGivenBackIsTakenAgainCleared() {
        PieceBuffers buffers = new PieceBuffers(PIECE);
        ByteBuffer first = buffers.take(PIECE);
        first.position(10).limit(20);

        buffers.give(first);
        ByteBuffer again = buffers.take(PIECE);

        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(PIECE, again.limit());
    }

    @Test
    void allocatesOnlyAsManyAsWereInUseAtOnce() {
        PieceBuffers buffers = new PieceBuffers(PIECE);
        for (int piece = 0; piece < 100; piece++) {
            ByteBuffer a = buffers.take(PIECE);
            ByteBuffer b = buffers.take(PIECE);
            ByteBuffer c = buffers.take(PIECE);
            buffers.give(b);
            buffers.give(a);
            buffers.give(c);
        }

        assertEquals(3, buffers.allocated(), "three in use at most, so three made, however long the download");
    }

    @Test
    void refusesSizesBeyondAPiece() {
        PieceBuffers buffers = new PieceBuffers(PIECE);

        assertThrows(IllegalArgumentException.class, () -> buffers.take(PIECE + 1));
        assertThrows(IllegalArgumentException.class, () -> buffers.take(-1));
        assertThrows(IllegalArgumentException.class, () -> new PieceBuffers(0));
    }
}
