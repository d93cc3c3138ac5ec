package dev.gorrent.cli.launch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs Gorrent in a second JVM with the settings it is measured with (those of {@code bin/gorrent}) when the
 * first was started bare, as {@code java -jar gorrent.jar ...}: a JVM's options cannot be changed once it runs,
 * and with the JVM's own defaults a download takes about 20 % longer, with 40 % more memory at its peak (G1 and C2;
 * README, "Performance"). Any JVM option of the user's, on the command line or in {@code JDK_JAVA_OPTIONS},
 * {@code JAVA_TOOL_OPTIONS} or {@code _JAVA_OPTIONS}, means the user chose: Gorrent then runs in the JVM as started.
 *
 * <p>The first JVM only waits, with the same standard streams, and ends with the second one's exit code. SIGINT
 * and SIGTERM sent to it are passed on (as SIGTERM, which Gorrent treats as SIGINT) and it waits for the clean stop;
 * Ctrl-C in a terminal reaches both anyway. If the first dies without a chance to pass anything on (SIGKILL), the
 * second sees its parent gone and halts at once too (see {@link #settleSecondJvm}), as one process killed would.
 *
 * <p>Threads: {@link #relaunchIfBare} runs on the main thread of the first JVM, and its shutdown hook on the JVM's
 * shutdown thread; {@link #settleSecondJvm} starts one daemon thread in the second.
 */
public final class TunedJvm {
    /** The memory, JIT and start-up settings of {@code bin/gorrent}, where the reasons are given. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmn16m", "-XX:-UsePerfData",
            "-XX:TieredStopAtLevel=1");
    /** Class-archive options beside the archive's own; its warning when it does not fit the jar stays quiet. */
    static final String QUIET_ARCHIVE = "-Xlog:cds*=off";
    /**
     * Set by {@code bin/gorrent} and in the second JVM: the JVM has Gorrent's settings already. It spares them
     * looking at their own command line, which costs 10 ms or more at start-up.
     */
    static final String TUNED_PROPERTY = "gorrent.tuned";
    /** Set in the second JVM to the first one's pid. */
    static final String PARENT_PROPERTY = "gorrent.relaunched-by";
    /** Environment variables through which the java launcher and the JVM take options. */
    static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");
    /** Exit code of a process killed by SIGKILL, which the second JVM takes when its parent died so. */
    private static final int KILLED = 128 + 9;
    private static final long PARENT_CHECK_MILLIS = 100;

    private TunedJvm() {
    }

    /**
     * Whether this JVM was started bare: {@code jvmArguments} (what followed {@code java}) begin with {@code -jar},
     * and no variable of {@link #OPTION_VARIABLES} in {@code environment} holds options.
     */
    static boolean startedBare(List<String> jvmArguments, Map<String, String> environment) {
        if (jvmArguments.size() < 2 || !jvmArguments.get(0).equals("-jar")) {
            return false;
        }
        return OPTION_VARIABLES.stream().map(environment::get).allMatch(value -> value == null || value.isBlank());
    }

    /**
     * The second JVM's command line: {@code java} with the settings of {@code bin/gorrent}, then {@code -jar jar args}.
     *
     * @param archive the class archive made for the jar, when there is one
     */
    static List<String> command(Path java, Path jar, List<String> args, Optional<Path> archive, long parentPid) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        archive.ifPresent(file -> {
            command.add("-XX:SharedArchiveFile=" + file);
            command.add(QUIET_ARCHIVE);
        });
        command.add("-D" + TUNED_PROPERTY + "=relaunched");
        command.add("-D" + PARENT_PROPERTY + "=" + parentPid);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /**
     * Runs the program in a tuned second JVM and answers its exit code, when this JVM was started bare; empty when
     * it should run here (options chosen, not started from a jar, a second JVM that cannot start).
     *
     * @param verbose whether to say so on stderr, with the second JVM's command line
     */
    public static OptionalInt relaunchIfBare(String[] args, boolean verbose) {
        if (System.getProperty(TUNED_PROPERTY) != null) {
            return OptionalInt.empty();
        }
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        Optional<Path> jar = ownJar();
        if (arguments.isEmpty() || jar.isEmpty() || !startedBare(Arrays.asList(arguments.get()), System.getenv())) {
            return OptionalInt.empty();
        }
        Path archive = jar.get().resolveSibling(withExtension(jar.get(), ".jsa"));
        List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java"), jar.get(),
                List.of(args), Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty(),
                ProcessHandle.current().pid());
        if (verbose) {
            System.err.println("gorrent: running in a second JVM with the settings of bin/gorrent: "
                    + String.join(" ", command));
        }
        Process second;
        try {
            second = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(await(second));
    }

    /** Waits for the second JVM; on SIGINT or SIGTERM passes the stop on and ends with the second one's code. */
    private static int await(Process second) {
        Thread passOn = new Thread(() -> {
            second.destroy();
            int code = waitUninterruptibly(second);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }, "gorrent-pass-stop-on");
        Runtime.getRuntime().addShutdownHook(passOn);
        int code = waitUninterruptibly(second);
        try {
            Runtime.getRuntime().removeShutdownHook(passOn);
        } catch (IllegalStateException shuttingDown) {
            // A signal came as the second JVM ended: the hook ends the process with the same code.
        }
        return code;
    }

    private static int waitUninterruptibly(Process process) {
        boolean interrupted = false;
        while (true) {
            try {
                int code = process.waitFor();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return code;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /**
     * In a second JVM, halts the JVM as soon as the first is gone: that one only ends before this one when it was
     * killed outright, and whoever killed it meant the program. Does nothing in a JVM that was not relaunched.
     */
    public static void settleSecondJvm() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null) {
            return;
        }
        Optional<ProcessHandle> first;
        try {
            first = ProcessHandle.of(Long.parseLong(parent));
        } catch (NumberFormatException e) {
            return;
        }
        if (first.isEmpty()) {
            Runtime.getRuntime().halt(KILLED);
        }
        ProcessHandle watched = first.get();
        Thread watch = new Thread(() -> {
            // Polled: ProcessHandle.onExit() polls a process that is not our child too, but backs off to 5 s.
            while (watched.isAlive()) {
                try {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(KILLED);
        }, "gorrent-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static Optional<Path> ownJar() {
        CodeSource source = TunedJvm.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return location.toString().endsWith(".jar") && Files.isRegularFile(location) ? Optional.of(location)
                    : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".jar".length()) + extension;
    }
}
