package dev.gorrent.wire;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorrent.domain.peer.Handshake;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Jazzer fuzz test of the handshake decoder: whatever a stranger sends first, {@link HandshakeCodec#read}
 * returns a handshake that encodes back to exactly the 68 bytes it read, or fails with an
 * {@link IOException}. Without {@code JAZZER_FUZZ} it replays the committed inputs under
 * {@code HandshakeCodecFuzzTestInputs}, and {@link #seededMutationsOfTheCorpus} adds a fixed, bounded number
 * of pseudo-random variants of them. FUZZING.md at the repository root tells how to fuzz for longer.
 */
class HandshakeCodecFuzzTest {
    /** Enough variants to reach past the seeds' own paths, few enough to stay well under a second in CI. */
    private static final int SEEDED_MUTATIONS = 20_000;

    @DictionaryEntries({"\u0013BitTorrent protocol", "BitTorrent protocol"})
    @FuzzTest
    void readFailsOnlyWithIOException(byte[] input) {
        Handshake handshake;
        try {
            handshake = HandshakeCodec.read(new DataInputStream(new ByteArrayInputStream(input)));
        } catch (IOException refused) {
            return;
        }
        assertArrayEquals(Arrays.copyOf(input, Handshake.LENGTH), HandshakeCodec.encode(handshake),
                "the handshake read does not encode back to the bytes it came from");
    }

    @Test
    void seededMutationsOfTheCorpus() {
        List<byte[]> seeds = MessageCodecFuzzTest.SeededInputs.corpus(HandshakeCodecFuzzTest.class,
                "readFailsOnlyWithIOException");
        assertFalse(seeds.isEmpty(), "the committed fuzz corpus is missing from the test classpath");
        // A fixed seed: CI runs the same inputs every time, so a failure here always reproduces.
        Random random = new Random(0x4853_4B45L);
        for (int i = 0; i < SEEDED_MUTATIONS; i++) {
            readFailsOnlyWithIOException(
                    MessageCodecFuzzTest.SeededInputs.mutate(seeds.get(random.nextInt(seeds.size())), random));
        }
    }
}
