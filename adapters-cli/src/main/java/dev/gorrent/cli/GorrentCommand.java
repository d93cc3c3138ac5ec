package dev.gorrent.cli;

import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The top-level {@code gorrent} command; the work is done by its subcommands. */
@Command(
        name = "gorrent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Gorrent: a BitTorrent client for the JVM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:done",
            " 1:failed while running (disk, network)",
            " 2:bad usage or an invalid torrent file",
            "130:interrupted (Ctrl-C)"})
public final class GorrentCommand implements Runnable {
    /**
     * The subcommands by name, in the order help lists them. Not in the annotation, so that {@link Main} can give
     * picocli only the one a command line names: picocli inspects every subcommand it is given, which was about
     * half of the 100 ms it took to build the command line, before any work began. Classes, which picocli
     * instantiates, rather than constructor references, which the JVM would link one by one, interpreted, at start.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a command is required (download, seed, info)");
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("download", DownloadCommand.class);
        byName.put("seed", SeedCommand.class);
        byName.put("info", InfoCommand.class);
        byName.put("create", CreateCommand.class);
        byName.put("demo", DemoCommand.class);
        return Collections.unmodifiableMap(byName);
    }
}
