package dev.gorrent.domain.bencode;

/** Bounds on what a decoder accepts, so hostile input cannot exhaust stack or memory. */
public record BencodeLimits(int maxDepth, int maxTokens, int maxInputBytes) {
    /** libtorrent's defaults: depth 100, one million tokens, 10 MB. */
    public static final BencodeLimits DEFAULT = new BencodeLimits(100, 1_000_000, 10_000_000);
}
