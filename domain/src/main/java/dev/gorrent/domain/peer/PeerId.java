package dev.gorrent.domain.peer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** A peer's 20-byte id; ours carries the Azureus-style client prefix {@value #CLIENT_PREFIX}. */
public final class PeerId {
    public static final int LENGTH = 20;
    /** Azureus-style: dash, two-letter client code, four version digits, dash. */
    public static final String CLIENT_PREFIX = "-GR0001-";

    private static final byte[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps exactly 20 bytes (copied). */
    public static PeerId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a peer id is 20 bytes, got " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    /** A fresh id for this client: the prefix, then printable random characters (safe in URLs and logs). */
    public static PeerId generate(RandomGenerator random) {
        byte[] id = new byte[LENGTH];
        byte[] prefix = CLIENT_PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        for (int i = prefix.length; i < LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new PeerId(id);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable when the id is, hex otherwise. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
