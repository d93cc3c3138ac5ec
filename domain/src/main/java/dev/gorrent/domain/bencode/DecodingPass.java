package dev.gorrent.domain.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoding of one input, the working state of {@link BencodeDecoder}. Open lists and dictionaries
 * live on an explicit stack so that hostile nesting costs heap bounded by {@code maxDepth}, never the
 * thread's call stack. Used once, by one thread.
 */
final class DecodingPass {
    /** Longest string-length text quoted back in an error; a hostile length may be megabytes of digits. */
    private static final int MAX_QUOTED_DIGITS = 24;

    private final byte[] input;
    private final BencodeLimits limits;
    private final Deque<OpenContainer> stack = new ArrayDeque<>();
    private final Map<String, ByteSpan> topLevelSpans = new LinkedHashMap<>();
    private int pos;
    private int tokens;

    DecodingPass(byte[] input, BencodeLimits limits) {
        this.input = input;
        this.limits = limits;
    }

    BencodeDocument run() throws BencodeException {
        if (input.length > limits.maxInputBytes()) {
            throw new BencodeException("input of " + input.length + " bytes exceeds the limit of "
                    + limits.maxInputBytes() + " bytes", limits.maxInputBytes());
        }
        if (input.length == 0) {
            throw new BencodeException("empty input, expected a value", 0);
        }
        BValue root = null;
        while (root == null) {
            root = step();
        }
        if (pos != input.length) {
            throw new BencodeException("trailing data after the top-level value", pos);
        }
        return new BencodeDocument(root, topLevelSpans);
    }

    /** Reads one token; returns the top-level value once it is complete, null until then. */
    private BValue step() throws BencodeException {
        OpenContainer top = stack.peekLast();
        int start = pos;
        byte next = nextByte(top);
        if (next == 'e' && top != null) {
            top.requireComplete(pos);
            pos++;
            stack.removeLast();
            return deliver(top.close(), top.start);
        }
        if (top instanceof OpenDictionary dictionary && !dictionary.awaitsValue()) {
            readKey(dictionary, next);
            return null;
        }
        countToken();
        if (next == 'l') {
            open(new OpenList(start));
            return null;
        }
        if (next == 'd') {
            open(new OpenDictionary(start));
            return null;
        }
        if (next == 'i') {
            return deliver(new BValue.BInteger(readInteger()), start);
        }
        if (isDigit(next)) {
            return deliver(new BValue.BString(readString()), start);
        }
        throw new BencodeException("unexpected " + describe(next) + ", expected a value", pos);
    }

    /** Hands a finished value to its container, or returns it when it is the top-level value. */
    private BValue deliver(BValue value, int start) {
        OpenContainer parent = stack.peekLast();
        if (parent == null) {
            return value;
        }
        if (parent instanceof OpenDictionary dictionary && stack.size() == 1) {
            topLevelSpans.put(dictionary.pendingKey(), new ByteSpan(start, pos - start));
        }
        parent.add(value);
        return null;
    }

    private void open(OpenContainer container) throws BencodeException {
        if (stack.size() >= limits.maxDepth()) {
            throw new BencodeException("nesting deeper than " + limits.maxDepth() + " levels", pos);
        }
        pos++;
        stack.addLast(container);
    }

    private void readKey(OpenDictionary dictionary, byte next) throws BencodeException {
        int start = pos;
        if (!isDigit(next)) {
            throw new BencodeException("dictionary key must be a string, found " + describe(next), start);
        }
        countToken();
        String key = new String(readString(), StandardCharsets.ISO_8859_1);
        if (dictionary.hasKey(key)) {
            throw new BencodeException("duplicate dictionary key '" + printable(key) + "'", start);
        }
        dictionary.expectValueFor(key);
    }

    private long readInteger() throws BencodeException {
        int start = pos;
        pos++;
        boolean negative = peekIs('-');
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        // Accumulated as a negative number so that Long.MIN_VALUE, whose magnitude has no positive long, fits.
        long negated = 0;
        while (pos < input.length && isDigit(input[pos])) {
            try {
                negated = Math.subtractExact(Math.multiplyExact(negated, 10), input[pos] - '0');
            } catch (ArithmeticException e) {
                throw new BencodeException("integer does not fit in 64 bits", start);
            }
            pos++;
        }
        int digits = pos - digitsStart;
        if (pos >= input.length) {
            throw new BencodeException("unterminated integer (started at offset " + start + ")", pos);
        }
        if (input[pos] != 'e') {
            throw new BencodeException("unexpected " + describe(input[pos]) + " inside an integer", pos);
        }
        if (digits == 0) {
            throw new BencodeException("integer has no digits", start);
        }
        if (digits > 1 && input[digitsStart] == '0') {
            throw new BencodeException("integer has a leading zero", start);
        }
        if (negative && negated == 0) {
            throw new BencodeException("integer is negative zero", start);
        }
        pos++;
        if (negative) {
            return negated;
        }
        if (negated == Long.MIN_VALUE) {
            throw new BencodeException("integer does not fit in 64 bits", start);
        }
        return -negated;
    }

    private byte[] readString() throws BencodeException {
        int start = pos;
        long length = 0;
        boolean beyondInt = false;
        while (pos < input.length && isDigit(input[pos])) {
            // Stops accumulating past int range, so no count of digits can overflow the long.
            if (!beyondInt) {
                length = length * 10 + (input[pos] - '0');
                beyondInt = length > Integer.MAX_VALUE;
            }
            pos++;
        }
        int digits = pos - start;
        if (pos >= input.length) {
            throw new BencodeException("unterminated string length (started at offset " + start + ")", pos);
        }
        if (input[pos] != ':') {
            throw new BencodeException("unexpected " + describe(input[pos]) + " inside a string length", pos);
        }
        if (digits > 1 && input[start] == '0') {
            throw new BencodeException("string length has a leading zero", start);
        }
        pos++;
        int left = input.length - pos;
        if (beyondInt || length > left) {
            throw new BencodeException("string length " + quoteDigits(start, digits) + " exceeds the " + left
                    + " bytes left", start);
        }
        byte[] bytes = Arrays.copyOfRange(input, pos, pos + (int) length);
        pos += (int) length;
        return bytes;
    }

    private void countToken() throws BencodeException {
        tokens++;
        if (tokens > limits.maxTokens()) {
            throw new BencodeException("more than " + limits.maxTokens() + " tokens", pos);
        }
    }

    private byte nextByte(OpenContainer open) throws BencodeException {
        if (pos < input.length) {
            return input[pos];
        }
        if (open == null) {
            throw new BencodeException("unexpected end of input, expected a value", pos);
        }
        throw new BencodeException("unterminated " + open.kind() + " (started at offset " + open.start + ")", pos);
    }

    private boolean peekIs(char expected) {
        return pos < input.length && input[pos] == expected;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private String quoteDigits(int start, int digits) {
        String text = new String(input, start, Math.min(digits, MAX_QUOTED_DIGITS), StandardCharsets.US_ASCII);
        return digits > MAX_QUOTED_DIGITS ? text + "... (" + digits + " digits)" : text;
    }

    private static String describe(byte b) {
        int unsigned = b & 0xFF;
        if (unsigned >= 0x21 && unsigned < 0x7F) {
            return "byte '" + (char) unsigned + "'";
        }
        return String.format("byte 0x%02x", unsigned);
    }

    /** Keys are quoted in errors; hostile ones may be long or hold control characters. */
    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length() && i < 64; i++) {
            char c = key.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return key.length() > 64 ? out + "..." : out.toString();
    }

    /** A list or dictionary whose end has not been read yet. */
    private abstract static class OpenContainer {
        final int start;

        OpenContainer(int start) {
            this.start = start;
        }

        abstract String kind();

        abstract void add(BValue value);

        abstract BValue close();

        void requireComplete(int at) throws BencodeException {
        }
    }

    private static final class OpenList extends OpenContainer {
        private final List<BValue> values = new ArrayList<>();

        OpenList(int start) {
            super(start);
        }

        @Override
        String kind() {
            return "list";
        }

        @Override
        void add(BValue value) {
            values.add(value);
        }

        @Override
        BValue close() {
            return new BValue.BList(values);
        }
    }

    private static final class OpenDictionary extends OpenContainer {
        private final Map<String, BValue> entries = new LinkedHashMap<>();
        private String pendingKey;

        OpenDictionary(int start) {
            super(start);
        }

        @Override
        String kind() {
            return "dictionary";
        }

        boolean awaitsValue() {
            return pendingKey != null;
        }

        boolean hasKey(String key) {
            return entries.containsKey(key);
        }

        void expectValueFor(String key) {
            pendingKey = key;
        }

        String pendingKey() {
            return pendingKey;
        }

        @Override
        void add(BValue value) {
            entries.put(pendingKey, value);
            pendingKey = null;
        }

        @Override
        BValue close() {
            return new BValue.BDictionary(entries);
        }

        @Override
        void requireComplete(int at) throws BencodeException {
            if (pendingKey != null) {
                throw new BencodeException("dictionary key '" + printable(pendingKey) + "' has no value", at);
            }
        }
    }
}
