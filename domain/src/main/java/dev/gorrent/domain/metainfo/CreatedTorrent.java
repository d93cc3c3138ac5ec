package dev.gorrent.domain.metainfo;

import java.util.Arrays;

/** A new torrent file's bytes and its info-hash. */
public record CreatedTorrent(byte[] bytes, InfoHash infoHash) {
    public CreatedTorrent {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreatedTorrent that && Arrays.equals(bytes, that.bytes)
                && infoHash.equals(that.infoHash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + infoHash.hashCode();
    }

    @Override
    public String toString() {
        return "CreatedTorrent[" + infoHash + ", " + bytes.length + " bytes]";
    }
}
