package dev.gorrent.tracker.http;

import static dev.gorrent.tracker.http.TestBencode.dict;

/** Tracker answers for tests: two compact peers, and a valid answer padded to an exact size. */
final class Answers {
    /** 10.0.0.1:6881 and 10.0.0.2:6882, compact (BEP 23). */
    static final byte[] TWO_PEERS = {10, 0, 0, 1, 0x1a, (byte) 0xe1, 10, 0, 0, 2, 0x1a, (byte) 0xe2};

    private Answers() {
    }

    /** A valid answer with {@link #TWO_PEERS}, padded to exactly {@code size} bytes. */
    static byte[] bodyOfExactly(int size) {
        for (int pad = 0; pad < size; pad++) {
            byte[] body = dict("interval", 1800, "padding", new byte[pad], "peers", TWO_PEERS);
            if (body.length == size) {
                return body;
            }
        }
        throw new IllegalStateException("no padding gives " + size + " bytes");
    }
}
