package dev.gorrent.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares downloaded files with the originals, byte for byte. */
final class FileTrees {
    private FileTrees() {
    }

    /**
     * Fails unless {@code actualSaveDir} holds exactly the payload's files (no more, no fewer
     * under its root), each byte-identical to the original in the payload's save folder.
     */
    static void assertSameFiles(TestData.Payload payload, Path actualSaveDir, String context) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Path> actualFiles = regularFiles(actualSaveDir, actualSaveDir.resolve(payload.name()));
        for (String relative : new TreeMap<>(payload.sizes()).keySet()) {
            Path expected = payload.saveDir().resolve(relative);
            Path actual = actualFiles.remove(relative);
            if (actual == null) {
                problems.add("missing: " + relative);
            } else if (Files.size(actual) != Files.size(expected)) {
                problems.add("size " + Files.size(actual) + " instead of " + Files.size(expected) + ": " + relative);
            } else {
                long mismatch = Files.mismatch(expected, actual);
                if (mismatch != -1) {
                    problems.add("differs from byte " + mismatch + " on: " + relative);
                }
            }
        }
        actualFiles.keySet().forEach(extra -> problems.add("unexpected file: " + extra));
        if (!problems.isEmpty()) {
            throw new AssertionError("downloaded files in " + actualSaveDir + " do not match the originals:\n  "
                    + String.join("\n  ", problems) + "\n" + context);
        }
    }

    private static Map<String, Path> regularFiles(Path saveDir, Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(saveDir.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/"), path);
            }
        }
        return files;
    }
}
