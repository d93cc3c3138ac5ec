package dev.gorrent.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.SeedRequest;
import dev.gorrent.application.port.in.SeedResult;
import dev.gorrent.application.port.in.SeedTorrentUseCase;
import dev.gorrent.cli.wiring.Modules;
import dev.gorrent.domain.metainfo.Metainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gorrent seed}: verifies complete data and uploads it to other peers until stopped. */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Seed a torrent: verify the data in DIR, announce it to the trackers as complete, and upload "
                + "to every peer that asks, until Ctrl-C or SIGTERM (then the trackers are told we left).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:stopped by Ctrl-C or SIGTERM after seeding",
            " 1:failed while running (data incomplete or unreadable, no port free)",
            " 2:bad usage or an invalid torrent file"})
public final class SeedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Folder holding the torrent's data, as download leaves it (default: the current folder).")
    Path directory = Path.of(".");

    @Mixin
    SwarmOptions swarm;

    @Override
    public Integer call() throws UserFacingException {
        int port = swarm.checkedPort();
        Metainfo metainfo = TorrentFiles.read(torrent);
        if (!Files.isDirectory(directory)) {
            throw new UserFacingException("--dir " + directory + " is not a folder", ExitCodes.BAD_INPUT);
        }
        ProgressDisplay display = swarm.display();
        Injector injector = Guice.createInjector(Modules.all(display));
        SeedTorrentUseCase seeding = injector.getInstance(SeedTorrentUseCase.class);
        GracefulStop stop = GracefulStop.install(System.err);
        int code = ExitCodes.RUNTIME_FAILURE;
        try {
            SeedResult result = seeding.seed(new SeedRequest(metainfo, directory.toAbsolutePath().normalize(), port,
                    swarm.allTiers));
            display.seedingStopped(result);
            code = ExitCodes.OK;
            return code;
        } catch (DownloadException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.RUNTIME_FAILURE, e);
        } finally {
            stop.finished(code);
        }
    }
}
