package dev.gorrent.domain.bencode;

/** A strict, bounded bencode decoder. */
public final class BencodeDecoder {

    /** Decodes with {@link BencodeLimits#DEFAULT}. */
    public static BencodeDecoder withDefaults() {
        return new BencodeDecoder(BencodeLimits.DEFAULT);
    }

    public BencodeDecoder(BencodeLimits limits) {
        throw new UnsupportedOperationException("BencodeDecoder: to be implemented");
    }

    /** Decodes exactly one value spanning the whole input. */
    public BValue decode(byte[] input) throws BencodeException {
        throw new UnsupportedOperationException();
    }
}
