package dev.gorrent.tracker.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the status line and header fields of an answer (RFC 9112), or a chunked body's trailer fields, strictly.
 * One reader bounds all it reads, a head's interim answers included, to {@link #MAX_BYTES} and {@link #MAX_LINES},
 * so a hostile tracker cannot make us buffer without end.
 */
final class HeadReader {
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_LINES = 256;
    /** What a line end costs against the budget; a bare LF is charged as CRLF, which only errs on the safe side. */
    private static final int LINE_END = 2;

    private final ResponseInput in;
    /** Everything this reader's limits cover, for messages. */
    private final String scope;
    private int bytesLeft = MAX_BYTES;
    private int linesLeft = MAX_LINES;

    private HeadReader(ResponseInput in, String scope) {
        this.in = in;
        this.scope = scope;
    }

    static HeadReader forHead(ResponseInput in) {
        return new HeadReader(in, "its status line and header fields");
    }

    static HeadReader forTrailers(ResponseInput in) {
        return new HeadReader(in, "its trailer fields");
    }

    /** The final answer's head; 1xx interim answers (100 Continue, 103 Early Hints) before it are skipped. */
    ResponseHead read() throws IOException, MalformedAnswer {
        while (true) {
            String statusLine = line("the status line");
            int status = status(statusLine);
            Map<String, List<String>> fields = fields("the header fields");
            if (status == 101) {
                throw new MalformedAnswer("it switched protocols (HTTP 101) though we asked for no upgrade");
            }
            if (status >= 200) {
                return new ResponseHead(status, fields);
            }
        }
    }

    /** Field lines up to the empty line that ends them, by lower-case name. */
    Map<String, List<String>> fields(String part) throws IOException, MalformedAnswer {
        Map<String, List<String>> fields = new HashMap<>();
        while (true) {
            String line = line(part);
            if (line.isEmpty()) {
                return fields;
            }
            int colon = line.indexOf(':');
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedAnswer("a folded line in " + part + ", which RFC 9112 no longer allows");
            }
            if (colon <= 0 || !isToken(line, colon)) {
                throw new MalformedAnswer("'" + shortened(line) + "' in " + part + " is not a 'name: value' field");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = withoutOws(line.substring(colon + 1));
            if (!isFieldText(value)) {
                throw new MalformedAnswer("a control character in the value of '" + name + "' in " + part);
            }
            fields.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
    }

    private String line(String part) throws IOException, MalformedAnswer {
        if (linesLeft == 0) {
            throw new MalformedAnswer("more than " + MAX_LINES + " lines in " + scope);
        }
        linesLeft--;
        String line = in.readLine(Math.max(0, bytesLeft - LINE_END), part);
        if (line == null) {
            throw new MalformedAnswer(scope + " exceed " + MAX_BYTES + " bytes");
        }
        bytesLeft -= line.length() + LINE_END;
        return line;
    }

    /** The code of "HTTP/1.x NNN [reason]"; HTTP/1.x is all a request sent as HTTP/1.1 may be answered with. */
    private static int status(String line) throws MalformedAnswer {
        boolean wellFormed = line.length() >= 12
                && line.startsWith("HTTP/1.")
                && isDigit(line.charAt(7))
                && line.charAt(8) == ' '
                && isDigit(line.charAt(9)) && isDigit(line.charAt(10)) && isDigit(line.charAt(11))
                && (line.length() == 12 || line.charAt(12) == ' ');
        int status = wellFormed ? Integer.parseInt(line.substring(9, 12)) : 0;
        if (status < 100 || status > 599) {
            throw new MalformedAnswer("'" + shortened(line) + "' is not an HTTP/1.x status line");
        }
        return status;
    }

    private static boolean isToken(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            boolean tokenChar = c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!tokenChar) {
                return false;
            }
        }
        return true;
    }

    /** Without the spaces and tabs around it (RFC 9110's OWS), and no other characters. */
    private static String withoutOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** Visible characters, spaces and tabs (obs-text included); anything else has no business in a field value. */
    private static boolean isFieldText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A line as quoted in a message: at most 80 characters, control characters shown as '?'. */
    static String shortened(String line) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < line.length() && i < 80; i++) {
            char c = line.charAt(i);
            shown.append(c < ' ' || c == 127 ? '?' : c);
        }
        return line.length() > 80 ? shown + "..." : shown.toString();
    }
}
