package dev.gorrent.application.service;

import java.util.ArrayDeque;

/**
 * Piece-sized arrays kept for reuse, so that a download does not allocate (and the JVM does not zero and
 * page in) a fresh array for every piece. Holds at most {@code kept} free arrays; the session bounds how
 * many are out at once by how many pieces it lets be in flight. Session thread only.
 */
final class PieceBuffers {
    private final int pieceLength;
    private final int kept;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    PieceBuffers(int pieceLength, int kept) {
        this.pieceLength = pieceLength;
        this.kept = kept;
    }

    /** An array of exactly {@code size} bytes, with stale contents: the caller overwrites all of it. */
    byte[] take(int size) {
        if (size != pieceLength) {
            return new byte[size]; // the last piece, shorter than the others: once per download
        }
        byte[] reused = free.pollFirst();
        return reused != null ? reused : new byte[pieceLength];
    }

    /** Gives an array back for the next piece. */
    void give(byte[] buffer) {
        if (buffer.length == pieceLength && free.size() < kept) {
            free.push(buffer);
        }
    }
}
