package dev.gorrent.application.service.fakes;

import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.PieceHashes;
import dev.gorrent.domain.piece.PieceGeometry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A single-file torrent over random content, with the content kept so fakes can serve and tests can compare it. */
public final class TestTorrent {
    private final Metainfo metainfo;
    private final byte[] content;

    private TestTorrent(Metainfo metainfo, byte[] content) {
        this.metainfo = metainfo;
        this.content = content;
    }

    /** Random content of {@code totalLength} bytes in pieces of {@code pieceLength}, announced to {@code tiers}. */
    public static TestTorrent random(long seed, int totalLength, int pieceLength, List<List<String>> tiers) {
        Random random = new Random(seed);
        byte[] content = new byte[totalLength];
        random.nextBytes(content);
        byte[] infoHash = new byte[InfoHash.LENGTH];
        random.nextBytes(infoHash);
        PieceGeometry geometry = new PieceGeometry(totalLength, pieceLength);
        byte[] hashes = new byte[geometry.pieceCount() * PieceHashes.HASH_LENGTH];
        for (int piece = 0; piece < geometry.pieceCount(); piece++) {
            int from = (int) geometry.pieceOffset(piece);
            byte[] digest = sha1(Arrays.copyOfRange(content, from, from + geometry.pieceSize(piece)));
            System.arraycopy(digest, 0, hashes, piece * PieceHashes.HASH_LENGTH, PieceHashes.HASH_LENGTH);
        }
        String name = "content-" + seed + ".bin";
        Metainfo metainfo = new Metainfo(InfoHash.of(infoHash), name, geometry, PieceHashes.of(hashes),
                List.of(new FileEntry(List.of(name), totalLength, 0)), false, tiers, false);
        return new TestTorrent(metainfo, content);
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    public PieceGeometry geometry() {
        return metainfo.geometry();
    }

    public int pieceCount() {
        return metainfo.pieceCount();
    }

    /** A copy of the whole content. */
    public byte[] content() {
        return content.clone();
    }

    /** A copy of one piece's bytes. */
    public byte[] piece(int index) {
        int from = (int) geometry().pieceOffset(index);
        return Arrays.copyOfRange(content, from, from + geometry().pieceSize(index));
    }

    /** A copy of {@code length} bytes of a piece from {@code begin}. */
    public byte[] block(int piece, int begin, int length) {
        int from = (int) geometry().pieceOffset(piece) + begin;
        return Arrays.copyOfRange(content, from, from + length);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-1", e);
        }
    }
}
