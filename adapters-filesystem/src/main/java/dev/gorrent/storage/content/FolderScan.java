package dev.gorrent.storage.content;

import dev.gorrent.storage.IoReasons;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.domain.metainfo.ContentFile;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists every file below a folder, without following links: regular files (hidden and empty ones
 * too) are kept; a symbolic link is kept only when it names a regular file inside the folder, and is
 * read through; anything else (a link leaving the folder, to a folder or to nothing; a device, pipe
 * or socket) is refused by name, since silently leaving it out would make a torrent the user did not
 * ask for. Folders add nothing themselves, so empty ones are ignored. One thread, one use.
 */
final class FolderScan {
    private final Path shown;
    private final Path root;

    /**
     * @param shown the folder as the user named it, for messages
     * @param root  its real path: every link target is checked against it
     */
    FolderScan(Path shown, Path root) {
        this.shown = shown;
        this.root = root;
    }

    /** The files in {@link ContentFile#BY_PATH} order, never empty. */
    List<ContentFile> files() throws ContentException {
        List<ContentFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                            files.add(new ContentFile(elements(file), length(file, attributes)));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                            throw new ContentException("cannot read " + display(file) + ": " + IoReasons.of(failure),
                                    failure);
                        }
                    });
        } catch (ContentException e) {
            throw e;
        } catch (IOException e) {
            throw new ContentException("cannot read " + shown + ": " + IoReasons.of(e), e);
        }
        if (files.isEmpty()) {
            throw new InvalidContentException(shown + ": the folder holds no files");
        }
        files.sort(ContentFile.BY_PATH);
        return files;
    }

    private long length(Path file, BasicFileAttributes attributes) throws IOException {
        if (attributes.isRegularFile()) {
            return attributes.size();
        }
        if (attributes.isSymbolicLink()) {
            return linkedFileLength(file);
        }
        if (attributes.isDirectory()) {
            // Only reached for a folder the walk could not descend into (too deep); say so rather than skip it.
            throw new ContentException("cannot list " + display(file));
        }
        throw new InvalidContentException(display(file) + ": is a special file (a device, pipe or socket),"
                + " which a torrent cannot hold");
    }

    private long linkedFileLength(Path link) throws IOException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidContentException(display(link) + ": is a symbolic link to nothing", e);
        }
        if (!target.startsWith(root)) {
            throw new InvalidContentException(display(link) + ": is a symbolic link to " + target + ", outside "
                    + shown + "; a torrent may only hold what is inside the folder");
        }
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new InvalidContentException(display(link) + ": is a symbolic link to a folder, which is not followed;"
                    + " replace it with the folder or a link to each file");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidContentException(display(link) + ": is a symbolic link to a special file (a device, pipe"
                    + " or socket), which a torrent cannot hold");
        }
        return attributes.size();
    }

    private List<String> elements(Path file) {
        List<String> elements = new ArrayList<>();
        for (Path element : root.relativize(file)) {
            elements.add(element.toString());
        }
        return elements;
    }

    /** A file below the folder, shown under the name the user gave the folder. */
    private String display(Path file) {
        return shown.resolve(root.relativize(file)).toString();
    }
}
