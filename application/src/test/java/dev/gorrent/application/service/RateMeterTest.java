package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateMeterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;

    @Test
    void averagesOverTheWholeWindow() {
        RateMeter meter = new RateMeter(5);
        meter.add(5_000, T0);

        assertEquals(1_000, meter.bytesPerSecond(T0));
    }

    @Test
    void sumsBytesFromSeveralSecondsInsideTheWindow() {
        RateMeter meter = new RateMeter(5);
        meter.add(1_000, T0);
        meter.add(2_000, T0 + SECOND);
        meter.add(2_000, T0 + 2 * SECOND + SECOND / 2);

        assertEquals(1_000, meter.bytesPerSecond(T0 + 3 * SECOND));
    }

    @Test
    void forgetsSecondsThatSlideOutOfTheWindow() {
        RateMeter meter = new RateMeter(5);
        meter.add(5_000, T0);
        meter.add(10_000, T0 + 2 * SECOND);

        assertEquals(2_000, meter.bytesPerSecond(T0 + 5 * SECOND), "the first second has left the window");
        assertEquals(0, meter.bytesPerSecond(T0 + 7 * SECOND));
    }

    @Test
    void aLongSilenceClearsEverything() {
        RateMeter meter = new RateMeter(3);
        meter.add(9_000, T0);

        assertEquals(0, meter.bytesPerSecond(T0 + 3_600 * SECOND));
        meter.add(300, T0 + 3_600 * SECOND);
        assertEquals(100, meter.bytesPerSecond(T0 + 3_600 * SECOND));
    }

    @Test
    void totalCountsEveryByteEverAdded() {
        RateMeter meter = new RateMeter(2);
        meter.add(100, T0);
        meter.add(200, T0 + 10 * SECOND);

        assertEquals(300, meter.total());
    }

    @Test
    void worksWithNegativeNanoTimes() {
        // System.nanoTime may be negative; second boundaries must still be found by floor division.
        RateMeter meter = new RateMeter(2);
        meter.add(400, -SECOND / 2);
        meter.add(200, SECOND / 2);

        assertEquals(300, meter.bytesPerSecond(SECOND / 2));
        assertEquals(100, meter.bytesPerSecond(SECOND + SECOND / 2), "the second before zero has left the window");
    }
}
