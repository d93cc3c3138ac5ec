package dev.gorrent.tracker.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A datagram the fake tracker received, with readers for the BEP 15 request fields. */
record TrackerRequest(byte[] bytes, InetSocketAddress from) {
    TrackerRequest {
        bytes = bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    /** The protocol id of a connect, the connection id of anything else. */
    long firstLong() {
        return ByteBuffer.wrap(bytes).getLong(0);
    }

    int action() {
        return ByteBuffer.wrap(bytes).getInt(8);
    }

    int transactionId() {
        return ByteBuffer.wrap(bytes).getInt(12);
    }

    byte[] infoHash() {
        return Arrays.copyOfRange(bytes, 16, 36);
    }

    byte[] peerId() {
        return Arrays.copyOfRange(bytes, 36, 56);
    }

    long downloaded() {
        return ByteBuffer.wrap(bytes).getLong(56);
    }

    long left() {
        return ByteBuffer.wrap(bytes).getLong(64);
    }

    long uploaded() {
        return ByteBuffer.wrap(bytes).getLong(72);
    }

    int event() {
        return ByteBuffer.wrap(bytes).getInt(80);
    }

    int ip() {
        return ByteBuffer.wrap(bytes).getInt(84);
    }

    int key() {
        return ByteBuffer.wrap(bytes).getInt(88);
    }

    int numWant() {
        return ByteBuffer.wrap(bytes).getInt(92);
    }

    int port() {
        return Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(96));
    }
}
