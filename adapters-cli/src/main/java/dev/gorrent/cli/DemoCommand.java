package dev.gorrent.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.gorrent.application.port.in.CreateTorrentException;
import dev.gorrent.application.port.in.CreateTorrentRequest;
import dev.gorrent.application.port.in.CreateTorrentUseCase;
import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadResult;
import dev.gorrent.application.port.in.DownloadTorrentUseCase;
import dev.gorrent.application.port.in.HashingProgress;
import dev.gorrent.application.port.in.SeedRequest;
import dev.gorrent.application.port.in.SeedTorrentUseCase;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.cli.wiring.Modules;
import dev.gorrent.domain.metainfo.CreatedTorrent;
import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.InvalidTorrentException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;
import dev.gorrent.tracker.http.server.EmbeddedTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code gorrent demo}: the whole client at work on one machine with no network. It makes random
 * data, creates a torrent, starts an embedded tracker, seeds from one Gorrent session and downloads
 * with another over loopback TCP, then checks the copy byte for byte.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Show Gorrent working with no network: make random data, create a torrent, start a tracker "
                + "on 127.0.0.1, seed it from one session and download it with another, then compare the copy.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:the copy is complete and byte-identical",
            " 1:the demo failed (the message says where)",
            " 2:bad usage",
            "130:interrupted (Ctrl-C)"})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private static final String NAME = "gorrent-demo";
    private static final long SEED_READY_SECONDS = 30;

    @Option(names = {"-s", "--size"}, paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "How much data to share, e.g. 64M or 1G (default: 256M).")
    long size = 256L * 1024 * 1024;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Work in this folder and keep it (default: a temporary folder, removed afterwards).")
    Path directory;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result and errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || size > 64L * 1024 * 1024 * 1024) {
            throw new UserFacingException("--size must be between 1 byte and 64 GiB", ExitCodes.BAD_INPUT);
        }
        Path work = directory == null ? Files.createTempDirectory("gorrent-demo-") : Directories.prepare(directory);
        GracefulStop stop = GracefulStop.install(System.err);
        int code = ExitCodes.RUNTIME_FAILURE;
        try {
            code = run(work);
            return code;
        } catch (InterruptedException e) {
            code = ExitCodes.INTERRUPTED;
            return code;
        } finally {
            if (directory == null) {
                deleteQuietly(work);
            }
            stop.finished(code);
        }
    }

    private int run(Path work) throws Exception {
        Path seedDir = Files.createDirectories(work.resolve("seed"));
        Path downloadDir = Files.createDirectories(work.resolve("download"));
        say("1/5 making %s of random data in %s", Units.bytes(size), seedDir);
        makeData(seedDir.resolve(NAME));

        try (EmbeddedTracker tracker = EmbeddedTracker.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            say("2/5 tracker listening at %s", tracker.announceUrl());
            Metainfo metainfo = createTorrent(seedDir.resolve(NAME), tracker.announceUrl(),
                    work.resolve(NAME + ".torrent"));
            tracker.allow(metainfo.infoHash());
            say("3/5 created %s: %d pieces of %s, info-hash %s", work.resolve(NAME + ".torrent"), metainfo.pieceCount(),
                    Units.bytes(metainfo.geometry().pieceLength()), metainfo.infoHash().toHex());

            Thread seeder = startSeeder(metainfo, seedDir);
            try {
                say("5/5 downloading from the seed over loopback TCP into %s", downloadDir);
                DownloadResult result = download(metainfo, downloadDir);
                compare(metainfo, seedDir, downloadDir);
                double seconds = Math.max(result.elapsed().toNanos() / 1e9, 1e-3);
                System.out.printf(Locale.ROOT,
                        "demo: %s downloaded in %.1f s (%s), every piece verified and every file "
                                + "byte-identical to the seed's%n", Units.bytes(result.downloadedBytes()), seconds,
                        Units.rate((long) (result.downloadedBytes() / seconds)));
                return ExitCodes.OK;
            } finally {
                seeder.interrupt();
                seeder.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    private void makeData(Path root) throws IOException {
        long big = size - size / 4;
        long rest = size - big;
        writeRandom(root.resolve("video.bin"), big, 1);
        writeRandom(root.resolve("extras").resolve("notes.bin"), rest, 2);
        writeRandom(root.resolve("extras").resolve("empty.txt"), 0, 3);
    }

    private static void writeRandom(Path file, long length, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed ^ System.nanoTime());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = length; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private Metainfo createTorrent(Path content, String announceUrl, Path torrentFile) throws Exception {
        Injector injector = Guice.createInjector(Modules.all(event -> { }));
        CreateTorrentUseCase create = injector.getInstance(CreateTorrentUseCase.class);
        String version = new VersionProvider().getVersion()[0];
        CreateTorrentRequest request = new CreateTorrentRequest(content, CreateTorrentRequest.AUTOMATIC_PIECE_LENGTH,
                List.of(announceUrl), false, "made by gorrent demo", version, Instant.now().getEpochSecond());
        try {
            CreatedTorrent torrent = create.create(request, HashingProgress.NONE).torrent();
            Files.write(torrentFile, torrent.bytes());
            return MetainfoParser.parse(torrent.bytes());
        } catch (CreateTorrentException | InvalidTorrentException e) {
            throw new UserFacingException("demo: creating the torrent failed: " + e.getMessage(),
                    ExitCodes.RUNTIME_FAILURE, e);
        }
    }

    /** Seeds on its own thread until interrupted; returns once the seed has announced itself to the tracker. */
    private Thread startSeeder(Metainfo metainfo, Path seedDir) throws Exception {
        CountDownLatch announced = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Injector injector = Guice.createInjector(Modules.all(event -> {
            if (event instanceof DownloadEvent.TrackerAnnounced) {
                announced.countDown();
            }
        }));
        SeedTorrentUseCase seeding = injector.getInstance(SeedTorrentUseCase.class);
        int port = freePort();
        Thread seeder = new Thread(() -> {
            try {
                seeding.seed(new SeedRequest(metainfo, seedDir, port));
            } catch (DownloadException | RuntimeException e) {
                failure.set(e);
                announced.countDown();
            }
        }, "gorrent-demo-seed");
        seeder.setDaemon(true);
        seeder.start();
        say("4/5 seeding from a Gorrent session on 127.0.0.1:%d", port);
        if (!announced.await(SEED_READY_SECONDS, TimeUnit.SECONDS) || failure.get() != null) {
            seeder.interrupt();
            String why = failure.get() == null ? "it did not announce within " + SEED_READY_SECONDS + " s"
                    : failure.get().getMessage();
            throw new UserFacingException("demo: the seed did not start: " + why, ExitCodes.RUNTIME_FAILURE);
        }
        return seeder;
    }

    private DownloadResult download(Metainfo metainfo, Path downloadDir) throws Exception {
        ProgressDisplay display = new ProgressDisplay(OutputMode.detect(quiet), false, System.out, System.err);
        Injector injector = Guice.createInjector(Modules.all(display));
        DownloadTorrentUseCase download = injector.getInstance(DownloadTorrentUseCase.class);
        try {
            return download.download(new DownloadRequest(metainfo, downloadDir, freePort(), List.of(), false));
        } catch (DownloadException e) {
            throw new UserFacingException("demo: the download failed: " + e.getMessage(), ExitCodes.RUNTIME_FAILURE, e);
        }
    }

    /** Checks the copy independently of the piece hashes the download already verified. */
    private static void compare(Metainfo metainfo, Path seedDir, Path downloadDir)
            throws IOException, UserFacingException {
        for (FileEntry file : metainfo.files()) {
            Path original = resolve(seedDir, file);
            Path copy = resolve(downloadDir, file);
            if (!Files.exists(copy) || Files.mismatch(original, copy) != -1) {
                throw new UserFacingException("demo: " + file.displayPath() + " differs from the seed's copy",
                        ExitCodes.RUNTIME_FAILURE);
            }
        }
    }

    private static Path resolve(Path root, FileEntry file) {
        Path path = root;
        for (String element : file.path()) {
            path = path.resolve(element);
        }
        return path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void say(String format, Object... args) {
        if (!quiet) {
            System.out.println("demo: " + String.format(Locale.ROOT, format, args));
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // A temporary folder left behind is harmless.
                }
            });
        } catch (IOException ignored) {
            // Same.
        }
    }
}
