package dev.gorrent.domain.bencode;

/** A range of an input: {@code length} bytes starting at {@code offset}. */
public record ByteSpan(int offset, int length) {
    public ByteSpan {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a byte span has a non-negative offset and length, got " + offset
                    + " and " + length);
        }
    }

    /** One past the span's last byte. */
    public int end() {
        return offset + length;
    }
}
