package dev.gorrent.domain.metainfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PieceSizesTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;

    @Test
    void smallContentGetsTheSmallestPieces() {
        assertEquals(16 * KIB, PieceSizes.automatic(0));
        assertEquals(16 * KIB, PieceSizes.automatic(1));
        assertEquals(16 * KIB, PieceSizes.automatic(2000 * 16 * KIB));
        assertEquals(32 * KIB, PieceSizes.automatic(2000 * 16 * KIB + 1));
    }

    @Test
    void aGibibyteMakes1024PiecesOfOneMebibyte() {
        assertEquals(MIB, PieceSizes.automatic(GIB));
    }

    @Test
    void hugeContentStopsAtSixteenMebibytes() {
        assertEquals(16 * MIB, PieceSizes.automatic(1024 * GIB));
    }

    @Test
    void unclampedChoicesMakeOneToTwoThousandPieces() {
        for (long total = 40 * MIB; total < 30 * GIB; total = total * 7 / 5 + 12345) {
            int size = PieceSizes.automatic(total);
            long pieces = PieceSizes.pieceCount(total, size);
            assertTrue(PieceSizes.isAllowed(size), "size " + size + " for " + total);
            assertTrue(pieces > 1000 && pieces <= 2000, pieces + " pieces of " + size + " for " + total);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "262144, 262144",
        "256K, 262144",
        "256k, 262144",
        "256KiB, 262144",
        "256kb, 262144",
        "1M, 1048576",
        "16MiB, 16777216",
        "' 64K ', 65536",
        "16384B, 16384",
        "128M, 134217728"})
    void parsesSizesAsUsersWriteThem(String text, int expected) {
        assertEquals(expected, PieceSizes.parse(text));
    }

    @Test
    void refusesAPieceSizeThatIsNotAPowerOfTwoAndSuggestsNeighbours() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse("300K"));
        assertEquals("piece size '300K' is not a power of two; try 256 KiB or 512 KiB", error.getMessage());
    }

    @Test
    void refusesSizesOutsideTheBounds() {
        assertEquals("piece size '8K' is below the 16 KiB minimum",
                assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse("8K")).getMessage());
        assertEquals("piece size '1G' is above the 128 MiB maximum",
                assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse("1G")).getMessage());
        assertEquals("piece size '99999999999999999999K' is above the 128 MiB maximum",
                assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse("99999999999999999999K"))
                        .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "K", "-16K", "1.5M"})
    void refusesTextThatIsNotASize(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse(text));
        assertTrue(error.getMessage().startsWith("piece size '" + text + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("such as 256K or 1M"), error.getMessage());
    }

    @Test
    void refusesAnUnknownUnitByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PieceSizes.parse("4X"));
        assertTrue(error.getMessage().contains("unknown unit 'X'"), error.getMessage());
    }

    @Test
    void allowsOnlyPowersOfTwoWithinTheBounds() {
        assertTrue(PieceSizes.isAllowed(PieceSizes.MIN));
        assertTrue(PieceSizes.isAllowed(PieceSizes.MAX));
        assertFalse(PieceSizes.isAllowed(PieceSizes.MIN / 2));
        assertFalse(PieceSizes.isAllowed(PieceSizes.MAX * 2L));
        assertFalse(PieceSizes.isAllowed(3 * PieceSizes.MIN));
    }

    @Test
    void describesSizesInTheLargestExactUnit() {
        assertEquals("16 KiB", PieceSizes.describe(16 * KIB));
        assertEquals("4 MiB", PieceSizes.describe(4 * MIB));
        assertEquals("1536 KiB", PieceSizes.describe(1536 * KIB));
        assertEquals("100 bytes", PieceSizes.describe(100));
    }

    @Test
    void countsPiecesWithAShortLastOne() {
        assertEquals(0, PieceSizes.pieceCount(0, 16384));
        assertEquals(1, PieceSizes.pieceCount(16384, 16384));
        assertEquals(2, PieceSizes.pieceCount(16385, 16384));
    }
}
