package dev.gorrent.domain.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a torrent's name and file paths safe to lay out under a download folder, and refuses the
 * torrent when they cannot be made safe or would make two files collide.
 *
 * <p>Refused (an {@link InvalidTorrentException} naming the path): a name that is empty, {@code .} or
 * {@code ..}; any path element {@code ..}; an empty path list, or one with no element left once the
 * dropped ones are gone; a path longer than {@link #MAX_PATH_BYTES} once sanitised, or of more elements
 * than such a path can hold; two files with the same sanitised path (compared case-sensitively); a file
 * whose path is also a folder holding another file.
 *
 * <p>Sanitised: {@code .} and empty elements are dropped; {@code /}, {@code \}, {@code :} and control
 * characters (U+0000-U+001F, U+007F-U+009F) become {@code _}; an element made only of dots (say
 * {@code ...}) becomes underscores, as Windows would strip its trailing dots and leave a parent-like
 * name; an element longer than 255 UTF-8 bytes is cut to 255, keeping a short extension. So an
 * absolute name {@code /etc} becomes {@code _etc} and {@code C:\x} becomes {@code C__x}: no sanitised
 * element can name a root, a drive, a parent or a separator, and every path stays inside the folder.
 *
 * <p>Not handled: Windows device names ({@code CON}, {@code NUL}, ...), and collisions that only a
 * case-insensitive or Unicode-normalising file system would see.
 */
public final class PathSanitizer {
    /** The usual file-name limit of Linux, macOS and Windows file systems. */
    public static final int MAX_ELEMENT_BYTES = 255;
    /**
     * Linux's PATH_MAX: no file path (joined with '/') longer than this can be created, so a longer one is
     * refused; checked as early as possible, it also bounds what a hostile list of path elements costs.
     */
    public static final int MAX_PATH_BYTES = 4096;
    /** A longer "extension" is more likely part of the name, and not worth keeping over the stem. */
    private static final int MAX_EXTENSION_BYTES = 32;
    private static final int MAX_DISPLAY_CHARS = 200;

    private PathSanitizer() {
    }

    /** The torrent's name as a single safe path element. */
    public static String sanitizeName(String name) throws InvalidTorrentException {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new InvalidTorrentException("torrent name '" + name + "' is not allowed");
        }
        return sanitizeElement(name);
    }

    /**
     * The path of file {@code fileIndex} of a multi-file torrent: the sanitised {@code name} followed by
     * the sanitised {@code elements}.
     */
    public static List<String> sanitizeFilePath(String name, int fileIndex, List<String> elements)
            throws InvalidTorrentException {
        if (elements.isEmpty()) {
            throw new InvalidTorrentException("file " + fileIndex + ": path is empty");
        }
        requirePossibleDepth(fileIndex, elements.size());
        List<String> path = new ArrayList<>(elements.size() + 1);
        path.add(name);
        int bytes = utf8Length(name);
        for (String element : elements) {
            if (element.equals("..")) {
                throw new InvalidTorrentException("file " + fileIndex + " (" + display(elements)
                        + "): path element '..' is not allowed");
            }
            if (!element.isEmpty() && !element.equals(".")) {
                String safe = sanitizeElement(element);
                path.add(safe);
                bytes += 1 + utf8Length(safe);
                if (bytes > MAX_PATH_BYTES) {
                    throw new InvalidTorrentException("file " + fileIndex + " (" + display(elements)
                            + "): path is longer than " + MAX_PATH_BYTES + " bytes");
                }
            }
        }
        if (path.size() == 1) {
            throw new InvalidTorrentException("file " + fileIndex + " (" + display(elements)
                    + "): path has no usable element");
        }
        return path;
    }

    /**
     * Refuses a path of more elements than a path of {@link #MAX_PATH_BYTES} can hold (each takes a byte and a
     * separator), before anything is made of them: a 3 MB torrent can list a million.
     */
    public static void requirePossibleDepth(int fileIndex, int elementCount) throws InvalidTorrentException {
        if (elementCount > MAX_PATH_BYTES / 2) {
            throw new InvalidTorrentException("file " + fileIndex + ": path has " + elementCount
                    + " elements, more than a path of " + MAX_PATH_BYTES + " bytes can hold");
        }
    }

    /** Refuses two files at the same path, and a file whose path is a folder of another file. */
    public static void requireDistinctPaths(List<FileEntry> files) throws InvalidTorrentException {
        PathNode root = new PathNode();
        for (int index = 0; index < files.size(); index++) {
            List<String> path = files.get(index).path();
            PathNode node = root;
            for (int depth = 0; depth < path.size(); depth++) {
                if (node.file >= 0) {
                    throw new InvalidTorrentException("file " + index + " (" + display(path) + ") lies inside '"
                            + display(path.subList(0, depth)) + "', which is file " + node.file + ", not a folder");
                }
                node = node.children.computeIfAbsent(path.get(depth), key -> new PathNode());
            }
            if (node.file >= 0) {
                throw new InvalidTorrentException("file " + index + " (" + display(path)
                        + ") has the same path as file " + node.file);
            }
            if (!node.children.isEmpty()) {
                int inside = node.anyFileBelow();
                throw new InvalidTorrentException("file " + index + " (" + display(path)
                        + ") is also the folder of file " + inside + " (" + display(files.get(inside).path()) + ")");
            }
            node.file = index;
        }
    }

    private static String sanitizeElement(String element) {
        StringBuilder safe = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            safe.append(isForbidden(c) ? '_' : c);
        }
        // Checked after the cut: cutting a long name can leave only its leading dots.
        String result = truncate(safe.toString());
        return onlyDots(result) ? "_".repeat(result.length()) : result;
    }

    // A loop, not chars().allMatch(...): this runs for every file and folder of a torrent at start-up, in the
    // interpreter, where a stream pipeline per name cost about two thirds of sanitizing (2,000 files).
    private static boolean onlyDots(String element) {
        for (int i = 0; i < element.length(); i++) {
            if (element.charAt(i) != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isForbidden(char c) {
        return c == '/' || c == '\\' || c == ':' || c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static String truncate(String element) {
        if (utf8Length(element) <= MAX_ELEMENT_BYTES) {
            return element;
        }
        int dot = element.lastIndexOf('.');
        String extension = dot > 0 ? element.substring(dot) : "";
        if (utf8Length(extension) > MAX_EXTENSION_BYTES) {
            extension = "";
        }
        String stem = element.substring(0, element.length() - extension.length());
        return prefixWithin(stem, MAX_ELEMENT_BYTES - utf8Length(extension)) + extension;
    }

    /** The longest prefix of whole code points whose UTF-8 form fits in {@code budget} bytes. */
    private static String prefixWithin(String text, int budget) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int bytes = utf8Length(new String(Character.toChars(codePoint)));
            if (used + bytes > budget) {
                break;
            }
            used += bytes;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A path for an error message: joined with '/', control characters shown as '?', cut when long. */
    private static String display(List<String> elements) {
        String joined = String.join("/", elements);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < joined.length() && i < MAX_DISPLAY_CHARS; i++) {
            char c = joined.charAt(i);
            out.append(c < 0x20 || (c >= 0x7F && c <= 0x9F) ? '?' : c);
        }
        return joined.length() > MAX_DISPLAY_CHARS ? out + "..." : out.toString();
    }

    /** One element of the tree of paths seen so far; {@code file} is the file ending here, or -1. */
    private static final class PathNode {
        private final Map<String, PathNode> children = new HashMap<>();
        private int file = -1;

        int anyFileBelow() {
            PathNode node = this;
            while (node.file < 0) {
                node = node.children.values().iterator().next();
            }
            return node.file;
        }
    }
}
