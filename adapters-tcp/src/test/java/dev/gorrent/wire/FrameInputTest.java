package dev.gorrent.wire;

import dev.gorrent.wire.ThreadOwnedBufferTest.Arrivals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.gorrent.wire.WireBytes.concat;
import static dev.gorrent.wire.WireBytes.frame;
import static dev.gorrent.wire.WireBytes.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameInputTest {

    @Test
    void aBufferedBurstIsReportedFrameByFrameWithoutAskingTheSource() throws IOException {
        byte[] have4 = frame(4, ints(4));
        byte[] wire = concat(frame(4, ints(1)), frame(4, ints(2)), frame(4, ints(3)), have4);
        Arrivals arrivals = Arrivals.upTo(wire, 1000, 27 + 3);
        FrameInput in = new FrameInput(arrivals, 64);

        assertArrayEquals(frame(4, ints(1)), readBytes(in, 9));
        assertEquals(1, arrivals.calls, "one read brought the whole burst");
        assertTrue(in.frameArrived());
        assertArrayEquals(frame(4, ints(2)), readBytes(in, 9));
        assertTrue(in.frameArrived());
        assertArrayEquals(frame(4, ints(3)), readBytes(in, 9));
        assertEquals(1, arrivals.calls, "frames already buffered cost no call to the source");

        assertFalse(in.frameArrived(), "three bytes of the next prefix are no frame");
        assertEquals(2, arrivals.calls, "the source was asked once, without waiting");
        arrivals.arrive(100);
        assertTrue(in.frameArrived());
        assertArrayEquals(have4, readBytes(in, 9));
    }

    @Test
    void aFrameLargerThanTheBufferNeverCountsAsArrivedButIsReadWhole() throws IOException {
        byte[] bitfield = frame(5, new byte[40]);
        FrameInput in = new FrameInput(new Arrivals(bitfield, 1000), 16);

        assertFalse(in.frameArrived());
        assertArrayEquals(bitfield, readBytes(in, bitfield.length));
    }

    @Test
    void aNegativePrefixCountsAsArrivedSoThatReadingItReportsTheViolation() throws IOException {
        FrameInput in = new FrameInput(new Arrivals(ints(-1), 1000), 16);

        assertTrue(in.frameArrived());
    }

    @Test
    void framesArrivingInAnyPiecesAreReportedOnlyWhenWholeAndComeOutIntact() throws IOException {
        Random random = new Random(11);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            frames.add(frame(random.nextInt(30),
                    randomBytes(random, random.nextInt(random.nextInt(9) == 0 ? 100 : 20))));
        }
        byte[] wire = concat(frames.toArray(byte[][]::new));
        Arrivals arrivals = Arrivals.upTo(wire, 7, 0);
        FrameInput in = new FrameInput(arrivals, 64);
        int arrived = 0;
        int read = 0;

        for (byte[] expected : frames) {
            int more = random.nextInt(40);
            arrivals.arrive(more);
            arrived = Math.min(wire.length, arrived + more);
            if (in.frameArrived()) {
                // Read without more arriving: a frame reported whole must not need a byte that is not here.
                assertTrue(arrived - read >= expected.length, "reported whole with bytes still missing");
            } else {
                if (arrived - read >= expected.length && expected.length <= 64) {
                    // A top-up takes one chunk at a time, so a frame that is all here may take a few looks.
                    int looks = 1;
                    while (!in.frameArrived()) {
                        assertTrue(++looks < 20, "a frame that arrived whole is never reported");
                    }
                }
                arrivals.arrive(expected.length);
                arrived = Math.min(wire.length, arrived + expected.length);
            }
            assertArrayEquals(expected, readBytes(in, expected.length), "frame at byte " + read);
            read += expected.length;
        }
        assertEquals(wire.length, read);
    }

    private static byte[] readBytes(FrameInput in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
