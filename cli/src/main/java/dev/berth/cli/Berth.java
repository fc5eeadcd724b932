package dev.berth.cli;

import dev.berth.cli.daemon.BuildClient;
import dev.berth.cli.daemon.DaemonFiles;
import dev.berth.cli.login.LoginCommand;
import dev.berth.cli.login.LogoutCommand;
import dev.berth.cli.serve.GcCommand;
import dev.berth.cli.serve.ServeCommand;
import dev.berth.cli.trust.KeygenCommand;
import dev.berth.cli.trust.SignCommand;
import dev.berth.cli.trust.VerifyCommand;
import dev.berth.cli.users.RobotCommand;
import dev.berth.cli.users.UserCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code berth} command: one entry point for the registry and the builder. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Builds images from Dockerfiles and serves them from an OCI registry.",
        subcommands = {ServeCommand.class, GcCommand.class, BuildCommand.class, BuildDaemonCommand.class,
                LoginCommand.class, LogoutCommand.class, DaemonCommand.class, UserCommand.class, RobotCommand.class,
                KeygenCommand.class, SignCommand.class, VerifyCommand.class, PullCommand.class,
                CommandLine.HelpCommand.class})
public final class Berth {

    private static final String DAEMON_ARCHIVE_PROPERTY = "berth.daemon.archive";

    public static void main(String[] args) {
        if (!(args.length > 0 && args[0].equals("build"))) {
            System.exit(run(args));
        }
        Ended build = build(Arrays.asList(args).subList(1, args.length));
        // A clean build in the daemon returns rather than calls System.exit, whose exit logging searches every jar
        // for a logging back end (a quarter of a cached rebuild's time).
        if (!build.inDaemon() || build.code() != 0) {
            System.exit(build.code());
        }
    }

    /** How a build ended: its exit code, and whether it ran in the daemon. */
    private record Ended(int code, boolean inDaemon) {
    }

    /** {@code berth build}, with what it reads from standard input spooled first (and deleted after). */
    private static Ended build(List<String> buildArgs) {
        try (StandardInput input = StandardInput.spool(buildArgs, System.in)) {
            List<String> args = new java.util.ArrayList<>(List.of("build"));
            args.addAll(input.args());
            OptionalInt daemonExit = buildInDaemon(args.toArray(String[]::new));
            return daemonExit.isPresent() ? new Ended(daemonExit.getAsInt(), true)
                    : new Ended(run(args.toArray(String[]::new)), false);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("berth build: " + e.getMessage());
            return new Ended(2, false);
        }
    }

    private static int run(String[] args) {
        Logging.configure();
        return OneLineErrors.on(new CommandLine(new Berth())).execute(args);
    }

    /**
     * {@code berth build} goes to the warm build daemon before anything else loads (the command line is parsed
     * there), unless it says {@code --no-daemon}; empty when the build runs here.
     */
    private static OptionalInt buildInDaemon(String[] args) {
        if (args.length == 0 || !args[0].equals("build")) {
            return OptionalInt.empty();
        }
        List<String> buildArgs = Arrays.asList(args).subList(1, args.length);
        if (buildArgs.contains("--no-daemon")) {
            return OptionalInt.empty();
        }
        skipSelectorProviderSearch();
        try {
            return new BuildClient(DaemonFiles.forUser(System.getenv()), daemonClassArchive(), System.out,
                    System.err).build(buildArgs, Caller.standardErrorIsATerminal());
        } catch (IOException e) {
            System.err.println("berth build: the build daemon failed (" + e.getMessage() + "); building in this "
                    + "process");
            return OptionalInt.empty();
        }
    }

    /**
     * The class-data sharing archive the build daemon's JVM starts from and writes on its first run, as the
     * launcher names it ({@value #DAEMON_ARCHIVE_PROPERTY}); none without the launcher.
     */
    private static Optional<Path> daemonClassArchive() {
        return Optional.ofNullable(System.getProperty(DAEMON_ARCHIVE_PROPERTY)).map(Path::of);
    }

    /**
     * Before its first socket, the JDK searches every class path jar for a replacement socket provider (some 60
     * jars, a third of a rebuild's client time); naming its own Linux provider skips the search. Elsewhere, or on
     * a JDK without that class, the search stays.
     */
    private static void skipSelectorProviderSearch() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String jdkProvider = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) != null) {
            return;
        }
        try {
            Class.forName(jdkProvider, false, null);
            System.setProperty(property, jdkProvider);
        } catch (ClassNotFoundException elsewhere) {
            // Not Linux, or a JDK that names its provider differently.
        }
    }
}
