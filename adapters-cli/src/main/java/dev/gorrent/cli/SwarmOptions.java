package dev.gorrent.cli;

import picocli.CommandLine.Option;

/** The options of every command that joins a swarm: where to accept peers, how to use trackers, what to print. */
public final class SwarmOptions {

    @Option(names = {"-p", "--port"}, paramLabel = "N",
            description = "TCP port to accept peers on (default: ${DEFAULT-VALUE}; the next free one when taken).")
    int port = 6881;

    @Option(names = "--all-tiers",
            description = "Announce to one tracker of every tier at once, not only the first tier that answers.")
    boolean allTiers;

    @Option(names = {"-v", "--verbose"}, description = "Show peers, trackers and error details.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
    boolean quiet;

    /** Refuses a port outside 1..65535 as bad usage. */
    int checkedPort() throws UserFacingException {
        if (port < 1 || port > 65535) {
            throw new UserFacingException("--port " + port + " is not in 1..65535", ExitCodes.BAD_INPUT);
        }
        return port;
    }

    /** The display for this command's events, as -v and -q ask. */
    ProgressDisplay display() {
        return new ProgressDisplay(OutputMode.detect(quiet), verbose, System.out, System.err);
    }
}
