package dev.gorrent.storage;

import dev.gorrent.application.port.out.PieceData;

import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.PieceHashes;
import dev.gorrent.domain.piece.PieceGeometry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Builds metainfo values for storage tests (hashes are zeros: storage never checks them) and checks files. */
final class Torrents {
    private Torrents() {
    }

    /** A file of a torrent being built: its path elements and length. */
    record Spec(List<String> path, long length) {
    }

    static Spec file(long length, String... path) {
        return new Spec(List.of(path), length);
    }

    static Metainfo singleFile(String name, long length, int pieceLength) {
        return build(name, pieceLength, false, List.of(new Spec(List.of(name), length)));
    }

    static Metainfo multiFile(String name, int pieceLength, Spec... specs) {
        return build(name, pieceLength, true, List.of(specs));
    }

    static Metainfo multiFile(String name, int pieceLength, List<Spec> specs) {
        return build(name, pieceLength, true, specs);
    }

    /** Files given with explicit entries, for offsets a parser would never produce. */
    static Metainfo withEntries(String name, long totalLength, int pieceLength, List<FileEntry> entries) {
        PieceGeometry geometry = new PieceGeometry(totalLength, pieceLength);
        return new Metainfo(InfoHash.of(new byte[20]), name, geometry,
                PieceHashes.of(new byte[20 * geometry.pieceCount()]), entries, true, List.of(), false);
    }

    private static Metainfo build(String name, int pieceLength, boolean multiFile, List<Spec> specs) {
        List<FileEntry> entries = new ArrayList<>();
        long offset = 0;
        for (Spec spec : specs) {
            entries.add(new FileEntry(spec.path(), spec.length(), offset));
            offset += spec.length();
        }
        PieceGeometry geometry = new PieceGeometry(offset, pieceLength);
        return new Metainfo(InfoHash.of(new byte[20]), name, geometry,
                PieceHashes.of(new byte[20 * geometry.pieceCount()]), entries, multiFile, List.of(), false);
    }

    /** The same torrent under another identity: every info-hash byte is {@code fill}. */
    static Metainfo withInfoHash(Metainfo metainfo, byte fill) {
        byte[] hash = new byte[20];
        Arrays.fill(hash, fill);
        return new Metainfo(InfoHash.of(hash), metainfo.name(), metainfo.geometry(), metainfo.pieceHashes(),
                metainfo.files(), metainfo.multiFile(), metainfo.trackerTiers(), metainfo.privateTorrent());
    }

    /** Deterministic, non-repeating-looking content for the whole torrent stream. */
    static byte[] content(long length, long seed) {
        byte[] bytes = new byte[Math.toIntExact(length)];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] piece(Metainfo metainfo, byte[] stream, int index) {
        int from = Math.toIntExact(metainfo.geometry().pieceOffset(index));
        byte[] piece = new byte[metainfo.geometry().pieceSize(index)];
        System.arraycopy(stream, from, piece, 0, piece.length);
        return piece;
    }

    /**
     * A piece as a download hands it to storage, in blocks: here about a third of it each, so that writes cross
     * block edges at odd offsets.
     */
    static PieceData inBlocks(byte[] whole) {
        if (whole.length < 3) {
            return PieceData.of(whole);
        }
        int blockLength = (whole.length + 2) / 3;
        byte[][] blocks = new byte[(whole.length + blockLength - 1) / blockLength][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Arrays.copyOfRange(whole, i * blockLength, Math.min(whole.length, (i + 1) * blockLength));
        }
        return PieceData.ofBlocks(blocks, blockLength);
    }

    /** Asserts that every file of {@code metainfo} under {@code downloads} holds its part of {@code stream}. */
    static void assertFilesHold(Path downloads, Metainfo metainfo, byte[] stream) throws IOException {
        for (FileEntry entry : metainfo.files()) {
            Path path = downloads;
            for (String element : entry.path()) {
                path = path.resolve(element);
            }
            int from = Math.toIntExact(entry.offset());
            assertArrayEquals(Arrays.copyOfRange(stream, from, from + Math.toIntExact(entry.length())),
                    Files.readAllBytes(path), entry.displayPath());
        }
    }
}
