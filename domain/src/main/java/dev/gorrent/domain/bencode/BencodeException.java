package dev.gorrent.domain.bencode;

/** Input that is not valid bencode, or exceeds a decoding limit; says what and at which byte offset. */
public final class BencodeException extends Exception {
    private final long offset;

    public BencodeException(String problem, long offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
