package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random payloads for torrents: the same sizes and bytes on every run, so a
 * failure reproduces. Sizes are chosen not to line up with piece boundaries.
 */
final class TestData {
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    private TestData() {
    }

    /**
     * Files written for a torrent.
     *
     * @param saveDir the folder that holds the torrent's file or top folder (libtorrent's save path)
     * @param name the torrent's name: the single file's name, or the top folder's
     * @param sizes each file's path relative to {@code saveDir} (with '/' separators) and its size
     */
    record Payload(Path saveDir, String name, Map<String, Long> sizes) {
        Payload {
            sizes = Map.copyOf(sizes);
        }

        /** The file, or the top folder, that a torrent describes. */
        Path root() {
            return saveDir.resolve(name);
        }
    }

    /** One file of 5 MiB + 12,345 bytes: its last piece is short for any power-of-two piece size. */
    static Payload singleFile(Path saveDir) throws IOException {
        String name = "single-file.bin";
        long size = 5L * MIB + 12_345;
        write(saveDir.resolve(name), size, 1);
        return new Payload(saveDir, name, Map.of(name, size));
    }

    /**
     * A folder with nested subfolders, files smaller and larger than a piece, a file whose name has
     * a space, and two empty files (one between non-empty files, one last in its folder).
     */
    static Payload multiFile(Path saveDir) throws IOException {
        String name = "multi-file-album";
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("cover.jpg", 300L * KIB + 7);
        sizes.put("disc 1/track01.flac", 1L * MIB + 1);
        sizes.put("disc 1/track02.flac", 700_001L);
        sizes.put("disc 1/empty.cue", 0L);
        sizes.put("disc 2/deep/notes/readme.txt", 1_234L);
        sizes.put("disc 2/deep/notes/zero.log", 0L);
        sizes.put("disc 2/track03.flac", 2L * MIB - 3);
        sizes.put("z-last.bin", 20_000L);
        Map<String, Long> relativeToSaveDir = new LinkedHashMap<>();
        long seed = 100;
        for (Map.Entry<String, Long> file : sizes.entrySet()) {
            String path = name + "/" + file.getKey();
            write(saveDir.resolve(path), file.getValue(), seed++);
            relativeToSaveDir.put(path, file.getValue());
        }
        return new Payload(saveDir, name, relativeToSaveDir);
    }

    /** Writes {@code size} pseudo-random bytes determined by {@code seed}, creating parent folders. */
    static void write(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 * KIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }
}
