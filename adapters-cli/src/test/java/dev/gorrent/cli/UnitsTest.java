package dev.gorrent.cli;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {
    private static final String[] SIZES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    @Test
    void sizesReadAsFileManagersShowThem() {
        assertEquals("0 B", Units.bytes(0));
        assertEquals("1023 B", Units.bytes(1023));
        assertEquals("1.0 KiB", Units.bytes(1024));
        assertEquals("1.5 KiB", Units.bytes(1536));
        assertEquals("1024.0 KiB", Units.bytes((1 << 20) - 1));
        assertEquals("1.0 MiB", Units.bytes(1 << 20));
        assertEquals("124.3 MiB", Units.bytes(130_338_816));
        assertEquals("4.0 GiB", Units.bytes(4L << 30));
        assertEquals("8192.0 PiB", Units.bytes(Long.MAX_VALUE));
        assertEquals("456.2 MiB/s", Units.rate(478_362_010));
    }

    /** Exactly halfway goes up: 1.25 KiB is 1280 bytes. */
    @Test
    void halfwayRoundsUp() {
        assertEquals("1.3 KiB", Units.bytes(1280));
        assertEquals("1.2 KiB", Units.bytes(1279));
        assertEquals("2.0 MiB", Units.bytes((2L << 20) - 1));
    }

    @Test
    void everyUnitRoundsAsExactDecimalArithmeticDoes() {
        Random random = new Random(20261125);
        for (int i = 0; i < 20_000; i++) {
            long count = random.nextLong() >>> random.nextInt(64);
            assertEquals(exact(count), Units.bytes(count), "count " + count);
        }
    }

    private static String exact(long count) {
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(count);
        BigDecimal kibi = BigDecimal.valueOf(1024);
        while (value.compareTo(kibi) >= 0 && unit < SIZES.length - 1) {
            value = value.divide(kibi);
            unit++;
        }
        return unit == 0 ? count + " B" : value.setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + SIZES[unit];
    }
}
