package dev.gorrent.cli;

import com.google.inject.Guice;
import dev.gorrent.application.port.in.CreateTorrentException;
import dev.gorrent.application.port.in.CreateTorrentRequest;
import dev.gorrent.application.port.in.CreateTorrentResult;
import dev.gorrent.application.port.in.CreateTorrentUseCase;
import dev.gorrent.application.port.in.HashingProgress;
import dev.gorrent.cli.wiring.Modules;
import dev.gorrent.domain.metainfo.PieceSizes;
import dev.gorrent.domain.metainfo.TorrentDraft;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** {@code gorrent create}: makes a .torrent file from a file or a folder. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Make a .torrent file from a file or a folder, hashing pieces on every core.",
            "A folder gives every file below it, hidden and empty ones too, in a fixed",
            "order; empty folders add nothing. Symbolic links are refused unless they name",
            "a file inside the folder, and so are devices, pipes and sockets."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:the torrent file is written",
            " 1:failed while running (a file could not be read, or the torrent not written)",
            " 2:bad usage, or PATH cannot make a torrent (missing, empty, a link leaving it...)",
            "130:interrupted (Ctrl-C)"})
public final class CreateCommand implements Callable<Integer> {
    private static final Set<String> TRACKER_SCHEMES = Set.of("http", "https", "udp");

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to share.")
    Path path;

    @Option(names = {"-t", "--tracker"}, paramLabel = "URL", converter = TrackerUrlConverter.class,
            description = "A tracker's announce URL (http, https or udp); repeat for more, each its own tier,"
                    + " tried in the order given.")
    List<String> trackers = new ArrayList<>();

    @Option(names = "--piece-size", paramLabel = "SIZE", converter = PieceSizeConverter.class,
            description = "Piece length: a power of two from 16K to 128M, such as 256K or 1M"
                    + " (default: chosen for 1000 to 2000 pieces, 16K to 16M).")
    int pieceSize = CreateTorrentRequest.AUTOMATIC_PIECE_LENGTH;

    @Option(names = "--private", description = "Mark the torrent private (BEP 27): peers come from its trackers only.")
    boolean privateTorrent;

    @Option(names = {"-c", "--comment"}, paramLabel = "TEXT", description = "A comment stored in the torrent.")
    String comment = "";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the torrent (default: NAME.torrent in the current folder).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace FILE if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserFacingException {
        String name = nameOf(path);
        Path target = output != null ? output : Path.of(name + ".torrent");
        checkOutput(target);
        PrintWriter out = spec.commandLine().getOut();
        OutputMode mode = OutputMode.detect(quiet);
        CreateTorrentUseCase create = Guice.createInjector(Modules.all(event -> { }))
                .getInstance(CreateTorrentUseCase.class);
        CreateTorrentRequest request = new CreateTorrentRequest(path, pieceSize, trackers, privateTorrent, comment,
                createdBy(), Instant.now().getEpochSecond());
        TerminalProgress progress = new TerminalProgress(out, mode == OutputMode.TERMINAL);
        long started = System.nanoTime();
        CreateTorrentResult result;
        try {
            result = create.create(request, progress);
        } catch (CreateTorrentException e) {
            int code = e.kind() == CreateTorrentException.Kind.BAD_INPUT
                    ? ExitCodes.BAD_INPUT : ExitCodes.RUNTIME_FAILURE;
            throw new UserFacingException(e.getMessage(), code, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } finally {
            progress.clear();
        }
        long elapsedNanos = System.nanoTime() - started;
        writeAtomically(target, result.torrent().bytes());
        if (mode != OutputMode.QUIET) {
            printSummary(out, target, result, elapsedNanos);
        }
        return ExitCodes.OK;
    }

    /** The torrent's name as the content source will give it: the last element of the absolute path. */
    private static String nameOf(Path content) throws UserFacingException {
        Path fileName = content.toAbsolutePath().normalize().getFileName();
        if (fileName == null) {
            throw new UserFacingException(content + ": has no name to give the torrent; name a file or folder below it",
                    ExitCodes.BAD_INPUT);
        }
        return fileName.toString();
    }

    /** Refuses, before hours of hashing, an output that could not or should not be written. */
    private void checkOutput(Path target) throws UserFacingException {
        if (Files.isDirectory(target)) {
            throw new UserFacingException("output " + target + " is a folder; give a file name with -o",
                    ExitCodes.BAD_INPUT);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new UserFacingException("output " + target + " already exists; use --force to replace it",
                    ExitCodes.BAD_INPUT);
        }
        Path folder = target.toAbsolutePath().normalize().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UserFacingException("cannot write " + target + ": folder " + folder + " does not exist",
                    ExitCodes.BAD_INPUT);
        }
        if (!Files.isWritable(folder)) {
            throw new UserFacingException("cannot write " + target + ": folder " + folder + " is not writable",
                    ExitCodes.BAD_INPUT);
        }
        refuseOutputInsideContent(target, folder);
    }

    /**
     * A torrent written inside the folder it describes would join that folder's content on the next run,
     * and one written over a shared file would destroy it.
     */
    private void refuseOutputInsideContent(Path target, Path folder) throws UserFacingException {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Path content = path.toRealPath();
            boolean inside = Files.isDirectory(content) && folder.toRealPath().startsWith(content);
            boolean over = Files.exists(target) && Files.isSameFile(target, content);
            if (inside || over) {
                throw new UserFacingException("output " + target + " would be written " + (over ? "over " : "inside ")
                        + path + ", which is being shared; choose another place with -o", ExitCodes.BAD_INPUT);
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + path + ": " + reason(e), ExitCodes.BAD_INPUT, e);
        }
    }

    /** Writes beside the target, then renames: a crash or a full disk never leaves a torn torrent file. */
    private void writeAtomically(Path target, byte[] torrent) throws UserFacingException {
        Path absolute = target.toAbsolutePath().normalize();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        try {
            Files.write(temporary, torrent, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            // A rename replaces silently on POSIX, so without --force look once more just before it.
            if (!force && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserFacingException("output " + target + " appeared while hashing; use --force to replace it",
                        ExitCodes.RUNTIME_FAILURE);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + target + ": " + reason(e), ExitCodes.RUNTIME_FAILURE, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Only a leftover hidden .part file; the outcome above is what the user needs to hear.
            }
        }
    }

    private static void printSummary(PrintWriter out, Path target, CreateTorrentResult result, long elapsedNanos) {
        TorrentDraft draft = result.draft();
        long total = draft.content().totalLength();
        int files = draft.content().files().size();
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        out.println("created:    " + target);
        out.println("name:       " + draft.content().name());
        out.println("info-hash:  " + result.torrent().infoHash().toHex());
        out.println("size:       " + Units.bytes(total) + " (" + total + " bytes) in " + files
                + (files == 1 ? " file" : " files"));
        out.println("pieces:     " + draft.pieceCount() + " of " + PieceSizes.describe(draft.pieceLength()));
        out.println("private:    " + (draft.privateTorrent() ? "yes" : "no"));
        out.println("trackers:   " + (draft.trackers().isEmpty() ? "none" : String.join(", ", draft.trackers())));
        out.println(String.format(Locale.ROOT, "hashed in %.1f s (%s)", seconds, Units.rate((long) (total / seconds))));
        out.flush();
    }

    private static String createdBy() {
        try {
            return new VersionProvider().getVersion()[0];
        } catch (IOException e) {
            return "Gorrent";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Accepts announce URLs a tracker client can use: http, https or udp, with a host. */
    static final class TrackerUrlConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            URI uri;
            try {
                uri = new URI(value.strip());
            } catch (URISyntaxException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!TRACKER_SCHEMES.contains(scheme)) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a tracker URL: it must start with http://, https:// or udp://");
            }
            if (uri.getHost() == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' names no host");
            }
            return uri.toString();
        }
    }

    /** Reads {@code --piece-size} through the domain's rules, so the message says what would do. */
    static final class PieceSizeConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return PieceSizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The hashing status line, redrawn in place at most ten times a second, on a terminal only.
     * Called from the hashing threads one at a time, and by the command's thread once they are done.
     */
    static final class TerminalProgress implements HashingProgress {
        private static final long REDRAW_NANOS = 100_000_000L;

        private final PrintWriter out;
        private final boolean enabled;
        private final long started = System.nanoTime();
        private long lastDrawn = Long.MIN_VALUE;
        private boolean shown;

        TerminalProgress(PrintWriter out, boolean enabled) {
            this.out = out;
            this.enabled = enabled;
        }

        @Override
        public synchronized void hashed(long hashedBytes, long totalBytes) {
            if (!enabled) {
                return;
            }
            long now = System.nanoTime();
            boolean due = lastDrawn == Long.MIN_VALUE || now - lastDrawn >= REDRAW_NANOS || hashedBytes == totalBytes;
            if (!due) {
                return;
            }
            lastDrawn = now;
            double seconds = Math.max((now - started) / 1e9, 1e-3);
            out.print(String.format(Locale.ROOT, "\rhashing %5.1f%%  %s of %s  %s\033[K",
                    100.0 * hashedBytes / totalBytes, Units.bytes(hashedBytes), Units.bytes(totalBytes),
                    Units.rate((long) (hashedBytes / seconds))));
            out.flush();
            shown = true;
        }

        /** Removes the status line, so what follows starts on a clean line. */
        synchronized void clear() {
            if (shown) {
                out.print("\r\033[K");
                out.flush();
                shown = false;
            }
        }
    }
}
