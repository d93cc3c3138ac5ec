package dev.gorrent.cli;

import dev.gorrent.cli.launch.TunedJvm;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Entry point: runs the command line and exits with the command's code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt relaunched = TunedJvm.relaunchIfBare(args, asksForVerbose(List.of(args)));
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        TunedJvm.settleSecondJvm();
        System.exit(run(args));
    }

    /** Runs without exiting, for tests. */
    public static int run(String... args) {
        skipJnaLibraryScan();
        if (asksForVerbose(List.of(args))) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        try {
            return commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            // Every buffer is bounded, so this means a heap too small for the torrent's pieces: say so plainly.
            System.err.println("gorrent: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB heap); run java with a larger -Xmx");
            return ExitCodes.RUNTIME_FAILURE;
        }
    }

    /**
     * Left unset, JNA learns the system's library folders by running {@code ldconfig -p} the first time the
     * storage (libc) or the hasher (libcrypto) binds: 20 to 30 ms of a fresh JVM here. Both load their library
     * by a name the system's loader resolves without a folder. A value already set is kept.
     */
    private static void skipJnaLibraryScan() {
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", "");
        }
    }

    /** Whether the arguments ask for verbose output, before or without picocli's parsing. */
    private static boolean asksForVerbose(List<String> args) {
        return args.contains("-v") || args.contains("--verbose");
    }

    /**
     * The command line for {@code args}, with only the subcommand they start with, when they start with one;
     * otherwise (help, version, a mistyped name) with all of them.
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new GorrentCommand());
        String first = args.length > 0 ? args[0] : "";
        boolean named = GorrentCommand.SUBCOMMANDS.containsKey(first);
        for (Map.Entry<String, Class<?>> subcommand : GorrentCommand.SUBCOMMANDS.entrySet()) {
            if (!named || subcommand.getKey().equals(first)) {
                commandLine.addSubcommand(subcommand.getKey(), subcommand.getValue());
            }
        }
        commandLine.setExecutionExceptionHandler(Main::handleFailure);
        commandLine.setParameterExceptionHandler(Main::handleBadUsage);
        return commandLine;
    }

    /** Typed failures become one line and their exit code; anything else is a bug, shown as such. */
    private static int handleFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        boolean verbose = asksForVerbose(parsed.expandedArgs());
        if (failure instanceof UserFacingException userFacing) {
            err.println("gorrent: " + userFacing.getMessage());
            if (verbose && userFacing.getCause() != null) {
                userFacing.getCause().printStackTrace(err);
            }
            err.flush();
            return userFacing.exitCode();
        }
        err.println("gorrent: internal error: " + failure + (verbose ? "" : " (run with -v for details)"));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.RUNTIME_FAILURE;
    }

    private static int handleBadUsage(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("gorrent: " + problem.getMessage());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }
}
