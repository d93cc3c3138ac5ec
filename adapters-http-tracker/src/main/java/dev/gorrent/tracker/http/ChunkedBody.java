package dev.gorrent.tracker.http;

import java.io.IOException;

/**
 * Decodes a chunked body (RFC 9112 section 7.1). Chunk extensions are skipped; trailer fields are read within
 * the same limits as header fields, then dropped, since nothing a tracker may say there matters to us.
 */
final class ChunkedBody {
    /** A size line is a hex number and extensions we skip; no honest tracker needs more. */
    private static final int MAX_SIZE_LINE = 4096;

    private ChunkedBody() {
    }

    static byte[] read(ResponseInput in, int cap) throws IOException, MalformedAnswer, AnswerTooLong {
        CappedBuffer body = new CappedBuffer(cap);
        while (true) {
            String line = in.readLine(MAX_SIZE_LINE, "a chunk size line");
            if (line == null) {
                throw new MalformedAnswer("a chunk size line longer than " + MAX_SIZE_LINE + " characters");
            }
            long size = size(line, cap);
            if (size == 0) {
                break;
            }
            body.readExactly(in, size);
            if (in.readLine(0, "a chunk's line end") == null) {
                throw new MalformedAnswer("a chunk is longer than its size line says");
            }
        }
        HeadReader.forTrailers(in).fields("the trailer fields");
        return body.toByteArray();
    }

    /**
     * The size a size line announces. Sizes over the cap are all the same to us, so the number saturates just
     * past it rather than overflowing.
     */
    private static long size(String line, int cap) throws MalformedAnswer {
        long size = 0;
        int digits = 0;
        while (digits < line.length() && hexValue(line.charAt(digits)) >= 0) {
            size = Math.min(size * 16 + hexValue(line.charAt(digits)), cap + 1L);
            digits++;
        }
        int rest = digits;
        while (rest < line.length() && (line.charAt(rest) == ' ' || line.charAt(rest) == '\t')) {
            rest++;
        }
        boolean extensionsOrEnd = rest == line.length() ? rest == digits : line.charAt(rest) == ';';
        if (digits == 0 || !extensionsOrEnd) {
            throw new MalformedAnswer("'" + HeadReader.shortened(line) + "' is not a chunk size line");
        }
        return size;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
