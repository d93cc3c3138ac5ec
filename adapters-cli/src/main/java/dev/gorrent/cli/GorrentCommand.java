package dev.gorrent.cli;

import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

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
     * half of the 100 ms it took to build the command line, before any work began.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (download, seed, info)");
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> byName = new LinkedHashMap<>();
        byName.put("download", DownloadCommand::new);
        byName.put("seed", SeedCommand::new);
        byName.put("info", InfoCommand::new);
        byName.put("create", CreateCommand::new);
        byName.put("demo", DemoCommand::new);
        return Collections.unmodifiableMap(byName);
    }
}
