package dev.gorrent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What a resume record remembers of one file to notice later changes: its size on disk and when it was last
 * modified, in nanoseconds since the epoch (as fine as the file system keeps it).
 */
record FileStamp(long size, long modifiedNanos) {
    /** The stamp of a file that is not there (not written yet: files are created by their first write). */
    static final FileStamp ABSENT = new FileStamp(-1, 0);

    /**
     * Reads the stamp of {@code ioPath} without following a link in its place;
     * {@link #ABSENT} when nothing is there.
     */
    static FileStamp of(Path ioPath) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(ioPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
        return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }
}
