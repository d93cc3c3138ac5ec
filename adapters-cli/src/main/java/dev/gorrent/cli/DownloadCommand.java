package dev.gorrent.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.in.DownloadRequest;
import dev.gorrent.application.port.in.DownloadTorrentUseCase;
import dev.gorrent.cli.wiring.Modules;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.peer.PeerAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gorrent download}: fetches a torrent's files from its peers and verifies every piece. */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Download a torrent into a folder and verify every piece.",
            "Data already in the folder is checked and kept: run it again to resume or to verify."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:every piece is verified on disk (with --seed: stopped by Ctrl-C after completing)",
            " 1:failed while running (disk full, no usable peers...)",
            " 2:bad usage or an invalid torrent file",
            "130:interrupted (Ctrl-C or SIGTERM) before completing; verified pieces are kept"})
public final class DownloadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Folder to download into (default: the current folder).")
    Path directory = Path.of(".");

    @Mixin
    SwarmOptions swarm;

    @Option(names = "--seed", description = "Keep uploading after the download completes, until Ctrl-C.")
    boolean seed;

    @Option(names = "--peer", paramLabel = "HOST:PORT", converter = PeerAddressConverter.class,
            description = "A peer to connect to besides the trackers' (repeatable).")
    List<PeerAddress> peers = new ArrayList<>();

    @Override
    public Integer call() throws UserFacingException {
        int port = swarm.checkedPort();
        Metainfo metainfo = TorrentFiles.read(torrent);
        Path target = Directories.prepare(directory);
        ProgressDisplay display = swarm.display();
        Injector injector = Guice.createInjector(Modules.all(display));
        DownloadTorrentUseCase download = injector.getInstance(DownloadTorrentUseCase.class);
        GracefulStop stop = GracefulStop.install(System.err);
        int code = ExitCodes.RUNTIME_FAILURE;
        try {
            download.download(new DownloadRequest(metainfo, target, port, peers, seed, swarm.allTiers));
            code = ExitCodes.OK;
            return code;
        } catch (DownloadException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.RUNTIME_FAILURE, e);
        } catch (InterruptedException e) {
            // Ctrl-C: the session has stopped cleanly; with --seed that is the normal way to end.
            code = seed ? ExitCodes.OK : ExitCodes.INTERRUPTED;
            return code;
        } finally {
            stop.finished(code);
        }
    }
}
