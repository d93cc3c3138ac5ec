package dev.gorrent.domain.metainfo;

/**
 * The rule for names going into a new torrent: each is one path element that every client can lay
 * out as given, so nothing empty, no {@code .} or {@code ..}, and no separator or NUL.
 */
final class ContentNames {
    private ContentNames() {
    }

    static void requireValid(String element, String what) {
        if (element.isEmpty() || element.equals(".") || element.equals("..")) {
            throw new IllegalArgumentException(what + " '" + element + "' is not a file or folder name");
        }
        if (element.indexOf('/') >= 0 || element.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + element.replace('\0', '?')
                    + "' holds a '/' or NUL, which no file name can");
        }
    }
}
