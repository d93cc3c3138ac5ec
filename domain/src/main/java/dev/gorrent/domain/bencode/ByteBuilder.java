package dev.gorrent.domain.bencode;

import java.util.Arrays;

/** A growable byte array: the encoder's output buffer, kept here so the domain needs nothing from java.io. */
final class ByteBuilder {
    private byte[] bytes = new byte[256];
    private int length;

    void append(int b) {
        ensureRoom(1);
        bytes[length++] = (byte) b;
    }

    void append(byte[] source) {
        ensureRoom(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensureRoom(int extra) {
        if (bytes.length - length < extra) {
            long wanted = Math.max((long) bytes.length * 2, (long) length + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("encoded value exceeds the largest array Java can hold");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
