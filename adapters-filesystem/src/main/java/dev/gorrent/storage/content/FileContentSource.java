package dev.gorrent.storage.content;

import dev.gorrent.storage.IoReasons;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentReader;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.domain.metainfo.TorrentContent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * New torrents' content from the local file system. A {@code PATH} that is itself a symbolic link is
 * followed (the user named it); links inside a folder are checked by {@link FolderScan}. Stateless:
 * any thread may call it, and each reader it opens belongs to one thread.
 */
public final class FileContentSource implements ContentSource {

    @Override
    public TorrentContent scan(Path path) throws ContentException {
        Path absolute = path.toAbsolutePath().normalize();
        Path fileName = absolute.getFileName();
        if (fileName == null) {
            throw new InvalidContentException(path
                    + ": has no name to give the torrent; name a file or folder below it");
        }
        String name = fileName.toString();
        BasicFileAttributes attributes = attributes(path, absolute);
        if (attributes.isRegularFile()) {
            return new TorrentContent.SingleFile(name, attributes.size());
        }
        if (attributes.isDirectory()) {
            return new TorrentContent.Folder(name, new FolderScan(path, realPath(path, absolute)).files());
        }
        throw new InvalidContentException(path + ": is neither a regular file nor a folder (a device, pipe or socket)");
    }

    @Override
    public ContentReader openReader(Path path, TorrentContent content) {
        return new FileContentReader(path.toAbsolutePath().normalize(), content);
    }

    private static BasicFileAttributes attributes(Path shown, Path absolute) throws ContentException {
        try {
            return Files.readAttributes(absolute, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidContentException(shown + ": no such file or folder", e);
        } catch (AccessDeniedException e) {
            throw new InvalidContentException(shown + ": permission denied", e);
        } catch (IOException e) {
            throw new ContentException("cannot read " + shown + ": " + IoReasons.of(e), e);
        }
    }

    private static Path realPath(Path shown, Path absolute) throws ContentException {
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new ContentException("cannot read " + shown + ": " + IoReasons.of(e), e);
        }
    }
}
