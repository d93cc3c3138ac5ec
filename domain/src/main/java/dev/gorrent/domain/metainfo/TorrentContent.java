package dev.gorrent.domain.metainfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a new torrent shares: one file (a single-file torrent) or the files of a folder (a multi-file
 * torrent whose name is the folder's). Lengths are as listed before hashing.
 */
public sealed interface TorrentContent permits TorrentContent.SingleFile, TorrentContent.Folder {

    /** The torrent's name: the file's or the folder's name. */
    String name();

    /** Every file in the torrent's byte stream order; a single file is one file whose path is its name. */
    List<ContentFile> files();

    /** The length of the torrent's byte stream: all files, end to end. */
    long totalLength();

    /** One file, shared under its own name. */
    record SingleFile(String name, long length) implements TorrentContent {
        public SingleFile {
            ContentNames.requireValid(name, "torrent name");
            if (length < 0) {
                throw new IllegalArgumentException("file " + name + " has negative length " + length);
            }
        }

        @Override
        public List<ContentFile> files() {
            return List.of(new ContentFile(List.of(name), length));
        }

        @Override
        public long totalLength() {
            return length;
        }
    }

    /**
     * A folder's files, paths relative to the folder, in the order given (the torrent keeps it). Two
     * files may not share a path, nor may one file's path be another's folder.
     */
    record Folder(String name, List<ContentFile> files) implements TorrentContent {
        public Folder {
            ContentNames.requireValid(name, "torrent name");
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("folder " + name + " has no files");
            }
            requireDistinctPaths(files);
            totalOf(files);
        }

        @Override
        public long totalLength() {
            return totalOf(files);
        }

        private static long totalOf(List<ContentFile> files) {
            long total = 0;
            for (ContentFile file : files) {
                try {
                    total = Math.addExact(total, file.length());
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("the files total more than " + Long.MAX_VALUE + " bytes", e);
                }
            }
            return total;
        }

        private static void requireDistinctPaths(List<ContentFile> files) {
            Set<List<String>> filePaths = new HashSet<>();
            Set<List<String>> folderPaths = new HashSet<>();
            for (ContentFile file : files) {
                List<String> path = file.path();
                if (!filePaths.add(path)) {
                    throw new IllegalArgumentException("two files have the path " + file.displayPath());
                }
                for (int depth = 1; depth < path.size(); depth++) {
                    folderPaths.add(path.subList(0, depth));
                }
            }
            for (List<String> folder : folderPaths) {
                if (filePaths.contains(folder)) {
                    throw new IllegalArgumentException(String.join("/", folder) + " is both a file and a folder");
                }
            }
        }
    }
}
