package dev.gorrent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the entry point builds its command line: only the subcommand asked for, all of them otherwise. */
class MainTest {
    private static final List<String> ALL = List.of("download", "seed", "info", "create", "demo");

    @Test
    void eachSubcommandIsListedUnderTheNameItsAnnotationGives() {
        for (Map.Entry<String, Class<?>> entry : GorrentCommand.SUBCOMMANDS.entrySet()) {
            assertEquals(entry.getKey(), new CommandLine(entry.getValue()).getCommandName());
        }
    }

    @Test
    void aCommandLineNamingASubcommandGetsThatOneAlone() {
        for (String name : ALL) {
            assertEquals(List.of(name), List.copyOf(Main.commandLine(name, "--help").getSubcommands().keySet()));
        }
    }

    @Test
    void helpVersionNothingOrAMistypedNameGetEverySubcommandInHelpOrder() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-V"}, new String[0],
                new String[] {"downlod", "x.torrent"})) {
            assertEquals(ALL, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }
}
