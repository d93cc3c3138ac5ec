package dev.gorrent.cli;

import picocli.CommandLine.Command;

/** The top-level {@code gorrent} command; the work is done by its subcommands. */
@Command(
        name = "gorrent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Gorrent: a BitTorrent client for the JVM.",
        subcommands = {DownloadCommand.class, SeedCommand.class, InfoCommand.class, CreateCommand.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:done",
            " 1:failed while running (disk, network)",
            " 2:bad usage or an invalid torrent file",
            "130:interrupted (Ctrl-C)"})
public final class GorrentCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (download, seed, info)");
    }
}
