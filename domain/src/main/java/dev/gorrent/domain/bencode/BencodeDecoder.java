package dev.gorrent.domain.bencode;

/**
 * A strict, bounded bencode decoder: it accepts exactly one value spanning the whole input, and
 * refuses anything malformed or beyond its {@link BencodeLimits} with a {@link BencodeException} that
 * names the problem and its byte offset.
 *
 * <p>Strict means: integers without leading zeros, {@code -0} or overflow of a 64-bit long; string
 * lengths without leading zeros; dictionary keys that are strings and unique. Bounded means: the input
 * size is checked before anything else, nesting is tracked on an explicit stack (never the call
 * stack) and capped at {@code maxDepth}, values and keys are counted against {@code maxTokens}, and a
 * string's declared length is checked against the bytes actually left before anything is allocated.
 *
 * <p>Dictionary keys out of sorted order are accepted and keep their input order: real torrents have
 * them, and since the info-hash is taken over the exact input bytes the order does no harm.
 *
 * <p>A decoder holds only its limits, so one instance may be shared by any number of threads.
 */
public final class BencodeDecoder {
    private final BencodeLimits limits;

    public BencodeDecoder(BencodeLimits limits) {
        if (limits.maxDepth() < 1 || limits.maxTokens() < 1 || limits.maxInputBytes() < 1) {
            throw new IllegalArgumentException("every bencode limit must be positive, got " + limits);
        }
        this.limits = limits;
    }

    /** Decodes with {@link BencodeLimits#DEFAULT}. */
    public static BencodeDecoder withDefaults() {
        return new BencodeDecoder(BencodeLimits.DEFAULT);
    }

    public BencodeLimits limits() {
        return limits;
    }

    /** Decodes exactly one value spanning the whole input. */
    public BValue decode(byte[] input) throws BencodeException {
        return decodeDocument(input).root();
    }

    /** Like {@link #decode}, and also reports where a dictionary root's values lie in the input. */
    public BencodeDocument decodeDocument(byte[] input) throws BencodeException {
        return new DecodingPass(input, limits).run();
    }
}
