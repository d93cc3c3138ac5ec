package dev.gorrent.application.port.out;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PieceDataTest {
    private static final byte[][] BLOCKS = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}};

    @Test
    void copiesAnyRangeAcrossBlockEdges() {
        PieceData data = PieceData.ofBlocks(BLOCKS, 4);
        assertEquals(10, data.length());
        assertEquals(3, data.blockCount());

        for (int from = 0; from <= 10; from++) {
            for (int count = 0; from + count <= 10; count++) {
                ByteBuffer into = ByteBuffer.allocate(count + 1).put((byte) -1);
                data.copyTo(from, count, into);
                assertEquals(count + 1, into.position(), "the position moves past what was copied");
                for (int i = 0; i < count; i++) {
                    assertEquals(from + i, into.get(i + 1), "byte " + (from + i));
                }
            }
        }
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, data.toArray());
    }

    @Test
    void refusesRangesOutsideThePiece() {
        PieceData data = PieceData.ofBlocks(BLOCKS, 4);
        ByteBuffer into = ByteBuffer.allocate(20);
        assertThrows(IndexOutOfBoundsException.class, () -> data.copyTo(8, 3, into));
        assertThrows(IndexOutOfBoundsException.class, () -> data.copyTo(-1, 2, into));
        assertEquals(0, into.position(), "nothing was copied");
    }

    @Test
    void onlyTheLastBlockMayBeShort() {
        IllegalArgumentException middle = assertThrows(IllegalArgumentException.class,
                () -> PieceData.ofBlocks(new byte[][] {{0, 1, 2, 3}, {4, 5}, {6, 7, 8, 9}}, 4));
        assertTrue(middle.getMessage().contains("block 1 of 3 holds 2 bytes, but blocks are 4 bytes"),
                middle.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PieceData.ofBlocks(new byte[][] {{0, 1, 2, 3}, {}}, 4),
                "an empty last block");
        assertThrows(IllegalArgumentException.class, () -> PieceData.ofBlocks(new byte[][] {{0, 1, 2, 3, 4}}, 4),
                "a last block longer than the others");
        assertThrows(IllegalArgumentException.class, () -> PieceData.ofBlocks(new byte[][] {{0}, null}, 1));
        assertThrows(IllegalArgumentException.class, () -> PieceData.ofBlocks(new byte[0][], 4));
    }

    @Test
    void keepsItsOwnListOfBlocks() {
        byte[][] blocks = {{1, 2}, {3}};
        PieceData data = PieceData.ofBlocks(blocks, 2);
        blocks[1] = new byte[] {9};

        assertArrayEquals(new byte[] {1, 2, 3}, data.toArray(),
                "replacing an array in the caller's list changes nothing");
    }

    @Test
    void aWholeArrayIsOneBlock() {
        PieceData data = PieceData.of(new byte[] {5, 6, 7});
        assertEquals(1, data.blockCount());
        assertArrayEquals(new byte[] {5, 6, 7}, data.toArray());
        assertEquals(0, PieceData.of(new byte[0]).length());
    }

    @Test
    void aPieceInOneBufferIsItsRangeFromPositionToLimitAndCopiesLikeBlocks() {
        ByteBuffer memory = ByteBuffer.allocateDirect(16);
        for (int i = 0; i < 16; i++) {
            memory.put(i, (byte) (i - 3));
        }
        PieceData data = PieceData.ofBuffer(memory.position(3).limit(13));
        memory.position(0).limit(16);

        assertEquals(10, data.length());
        assertEquals(0, data.blockCount(), "no blocks: the buffer is the piece");
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, data.toArray(),
                "moving the caller's buffer afterwards changes nothing");
        ByteBuffer into = ByteBuffer.allocate(4);
        data.copyTo(6, 4, into);
        assertArrayEquals(new byte[] {6, 7, 8, 9}, into.array());
        assertThrows(IndexOutOfBoundsException.class, () -> data.copyTo(8, 3, ByteBuffer.allocate(8)));
    }

    @Test
    void eachViewOfTheBufferIsFreshAndReadOnly() {
        PieceData data = PieceData.ofBuffer(ByteBuffer.allocateDirect(8));
        ByteBuffer first = data.buffer().orElseThrow();
        first.position(5);

        ByteBuffer second = data.buffer().orElseThrow();
        assertEquals(0, second.position(), "a reader's position is its own");
        assertEquals(8, second.limit());
        assertTrue(second.isReadOnly());
        assertTrue(second.isDirect(), "native memory stays native, for a native hash and the disk");
        assertTrue(PieceData.ofBlocks(BLOCKS, 4).buffer().isEmpty(), "a piece in blocks has no one buffer");
    }
}
