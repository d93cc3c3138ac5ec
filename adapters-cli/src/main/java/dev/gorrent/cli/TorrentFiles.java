package dev.gorrent.cli;

import dev.gorrent.domain.bencode.BencodeLimits;
import dev.gorrent.domain.metainfo.InvalidTorrentException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and validates a torrent file named on the command line, turning every problem into one line. */
public final class TorrentFiles {
    private TorrentFiles() {
    }

    public static Metainfo read(Path file) throws UserFacingException {
        String name = "torrent file " + file;
        if (Files.isDirectory(file)) {
            throw new UserFacingException(name + ": is a folder, not a file", ExitCodes.BAD_INPUT);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            int limit = BencodeLimits.DEFAULT.maxInputBytes();
            bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new UserFacingException(name + ": larger than the " + limit + "-byte limit for torrent files",
                        ExitCodes.BAD_INPUT);
            }
        } catch (NoSuchFileException e) {
            if (file.toString().regionMatches(true, 0, "magnet:", 0, "magnet:".length())) {
                throw new UserFacingException("magnet links are not supported yet: give the path of a .torrent file",
                        ExitCodes.BAD_INPUT, e);
            }
            throw new UserFacingException(name + ": no such file", ExitCodes.BAD_INPUT, e);
        } catch (AccessDeniedException e) {
            throw new UserFacingException(name + ": permission denied", ExitCodes.BAD_INPUT, e);
        } catch (IOException e) {
            throw new UserFacingException(name + ": cannot read: " + reason(e), ExitCodes.BAD_INPUT, e);
        }
        try {
            return MetainfoParser.parse(bytes);
        } catch (InvalidTorrentException e) {
            throw new UserFacingException(name + ": " + e.getMessage(), ExitCodes.BAD_INPUT, e);
        }
    }

    /** The reason alone: a file system exception's message repeats the path, which the line names already. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
