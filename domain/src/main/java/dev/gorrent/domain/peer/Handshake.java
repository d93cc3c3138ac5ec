package dev.gorrent.domain.peer;

import dev.gorrent.domain.metainfo.InfoHash;

import java.util.Arrays;

/** The BEP 3 handshake: protocol string, 8 reserved bytes, info-hash, peer id. */
public record Handshake(byte[] reserved, InfoHash infoHash, PeerId peerId) {
    public static final String PROTOCOL = "BitTorrent protocol";
    public static final int RESERVED_LENGTH = 8;
    /** 1 + 19 + 8 + 20 + 20. */
    public static final int LENGTH = 68;

    public Handshake {
        if (reserved.length != RESERVED_LENGTH) {
            throw new IllegalArgumentException("reserved is 8 bytes, got " + reserved.length);
        }
        reserved = reserved.clone();
    }

    /** Our handshake: no extensions announced yet. */
    public static Handshake of(InfoHash infoHash, PeerId peerId) {
        return new Handshake(new byte[RESERVED_LENGTH], infoHash, peerId);
    }

    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Handshake that
                && Arrays.equals(reserved, that.reserved)
                && infoHash.equals(that.infoHash)
                && peerId.equals(that.peerId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(reserved) + infoHash.hashCode()) + peerId.hashCode();
    }
}
