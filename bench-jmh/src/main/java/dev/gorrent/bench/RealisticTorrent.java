package dev.gorrent.bench;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeEncoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the bytes of a torrent file shaped like a real, large one: a multi-file album of many
 * nested files, an announce list, and enough SHA-1 piece hashes to reach the size asked for.
 */
final class RealisticTorrent {
    private static final int PIECE_LENGTH = 256 * 1024;
    private static final int FILE_COUNT = 1_500;
    private static final int SHA1_LENGTH = 20;

    private RealisticTorrent() {
    }

    /**
     * A valid torrent of about {@code targetBytes}: the piece hashes fill what the file list leaves,
     * and the files add up to exactly as many pieces as there are hashes.
     */
    static byte[] ofAbout(int targetBytes, long seed) {
        byte[] withoutPieces = encode(0, files(FILE_COUNT * 1_000_000L, new Random(seed)), new byte[0]);
        int pieceCount = Math.max(1, (targetBytes - withoutPieces.length) / SHA1_LENGTH);
        long total = (long) pieceCount * PIECE_LENGTH;
        Random random = new Random(seed);
        byte[] pieces = new byte[pieceCount * SHA1_LENGTH];
        random.nextBytes(pieces);
        return encode(total, files(total, random), pieces);
    }

    /** {@code FILE_COUNT} files of uneven sizes adding up to {@code total}, in nested folders. */
    private static List<BValue> files(long total, Random random) {
        List<BValue> files = new ArrayList<>(FILE_COUNT);
        long average = total / FILE_COUNT;
        long left = total;
        long jitter = 0;
        for (int i = 0; i < FILE_COUNT; i++) {
            // Uneven in pairs (one longer, the next as much shorter), so the sizes always add up.
            jitter = i % 2 == 0 ? (long) (random.nextDouble() * average / 2) : -jitter;
            long length = i == FILE_COUNT - 1 ? left : average + jitter;
            left -= length;
            files.add(dictionary(Map.of(
                    "length", new BInteger(length),
                    "path", new BList(List.of(
                            BString.of("Disc " + (1 + i / 100)),
                            BString.of(String.format("%04d - Track title number %d (remastered).flac", i, i)))))));
        }
        return files;
    }

    private static byte[] encode(long total, List<BValue> files, byte[] pieces) {
        Map<String, BValue> info = new LinkedHashMap<>();
        info.put("files", new BList(files));
        info.put("name", BString.of("A large collection (" + total + " bytes)"));
        info.put("piece length", new BInteger(PIECE_LENGTH));
        info.put("pieces", new BString(pieces));
        Map<String, BValue> root = new LinkedHashMap<>();
        root.put("announce", BString.of("http://tracker.example.org:6969/announce"));
        root.put("announce-list", new BList(List.of(
                new BList(List.of(BString.of("http://tracker.example.org:6969/announce"))),
                new BList(List.of(BString.of("udp://tracker.example.net:1337/announce"),
                        BString.of("udp://backup.example.net:80/announce"))))));
        root.put("comment", BString.of("benchmark torrent"));
        root.put("created by", BString.of("gorrent-bench"));
        root.put("creation date", new BInteger(1_700_000_000L));
        root.put("info", dictionary(info));
        return BencodeEncoder.encode(dictionary(root));
    }

    private static BDictionary dictionary(Map<String, BValue> entries) {
        return new BDictionary(new LinkedHashMap<>(entries));
    }
}
