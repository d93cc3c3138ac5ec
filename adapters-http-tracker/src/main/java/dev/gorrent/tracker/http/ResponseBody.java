package dev.gorrent.tracker.http;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the body of a successful answer, framed as its head says (RFC 9112 section 6.3): chunked, a
 * Content-Length, or everything until the tracker closes the connection. Bodies over the cap are refused: a
 * Content-Length over it before any body byte is read, the other two as soon as the bytes pass it.
 */
final class ResponseBody {
    private ResponseBody() {
    }

    static byte[] read(ResponseHead head, ResponseInput in, int cap)
            throws IOException, MalformedAnswer, AnswerTooLong {
        if (head.status() == 204) {
            return new byte[0];
        }
        List<String> codings = head.values("transfer-encoding");
        if (!codings.isEmpty()) {
            // Chunked framing wins over any Content-Length beside it (RFC 9112 section 6.3, rule 3).
            String joined = String.join(", ", codings);
            if (!joined.toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new MalformedAnswer("Transfer-Encoding '" + HeadReader.shortened(joined)
                        + "' where only chunked was acceptable");
            }
            return ChunkedBody.read(in, cap);
        }
        long length = contentLength(head.values("content-length"), cap);
        if (length >= 0) {
            byte[] body = new byte[(int) length];
            in.readFully(body, 0, body.length);
            return body;
        }
        CappedBuffer body = new CappedBuffer(cap);
        body.readToEnd(in);
        return body.toByteArray();
    }

    /**
     * The one length all Content-Length values agree on, or -1 when there is none. Repeats of one value, in
     * separate fields or as a list, are allowed (RFC 9110 section 8.6); differing values make the framing unknowable.
     *
     * @throws AnswerTooLong when the length is over the cap, however many digits it has
     */
    private static long contentLength(List<String> values, int cap) throws MalformedAnswer, AnswerTooLong {
        String agreed = null;
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                String length = item.trim();
                if (!isDigits(length)) {
                    throw new MalformedAnswer("Content-Length '" + HeadReader.shortened(value) + "' is not a number");
                }
                if (agreed != null && !agreed.equals(length)) {
                    throw new MalformedAnswer("Content-Length values disagree: " + agreed + " and " + length);
                }
                agreed = length;
            }
        }
        if (agreed == null) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < agreed.length(); i++) {
            length = Math.min(length * 10 + (agreed.charAt(i) - '0'), cap + 1L);
        }
        if (length > cap) {
            throw new AnswerTooLong();
        }
        return length;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
