package dev.gorrent.cli;

import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.Metainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gorrent info}: shows what a torrent file holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Show a torrent's name, info-hash, size, pieces, files and trackers.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:shown",
            " 2:bad usage or an invalid torrent file"})
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserFacingException {
        Metainfo metainfo = TorrentFiles.read(torrent);
        PrintWriter out = spec.commandLine().getOut();
        out.println("name:       " + metainfo.name());
        out.println("info-hash:  " + metainfo.infoHash().toHex());
        out.println("size:       " + Units.bytes(metainfo.totalLength()) + " (" + metainfo.totalLength() + " bytes)");
        out.println("pieces:     " + metainfo.pieceCount() + " of " + Units.bytes(metainfo.geometry().pieceLength()));
        out.println("private:    " + (metainfo.privateTorrent() ? "yes" : "no"));
        out.println("files:      " + metainfo.files().size());
        for (FileEntry file : metainfo.files()) {
            out.println("  " + file.displayPath() + "  (" + Units.bytes(file.length()) + ")");
        }
        List<List<String>> tiers = metainfo.trackerTiers();
        out.println("trackers:   " + (tiers.isEmpty() ? "none" : ""));
        for (int tier = 0; tier < tiers.size(); tier++) {
            for (String url : tiers.get(tier)) {
                out.println("  tier " + (tier + 1) + ": " + url);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
