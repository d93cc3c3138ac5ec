package dev.gorrent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks and creates the folder a command works in, reporting problems as one line. */
public final class Directories {
    private Directories() {
    }

    /** The folder as an absolute path, created when missing. */
    public static Path prepare(Path directory) throws UserFacingException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UserFacingException("--dir " + directory + " is a file, not a folder", ExitCodes.BAD_INPUT);
        }
        try {
            return Files.createDirectories(directory).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UserFacingException("cannot create folder " + directory + ": " + e.getMessage(),
                    ExitCodes.RUNTIME_FAILURE, e);
        }
    }
}
