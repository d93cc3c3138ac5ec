package dev.gorrent.domain.bencode;

/** Encodes values canonically: dictionary keys sorted by raw bytes. */
public final class BencodeEncoder {
    private BencodeEncoder() {
    }

    public static byte[] encode(BValue value) {
        throw new UnsupportedOperationException("BencodeEncoder: to be implemented");
    }
}
