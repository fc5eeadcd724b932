package dev.berth.cli;

import dev.berth.cli.daemon.BuildClient;
import dev.berth.cli.serve.ServeCommand;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command: one entry point for the registry and the builder. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Builds images from Dockerfiles and serves them from an OCI registry.",
        subcommands = {ServeCommand.class, BuildCommand.class, BuildDaemonCommand.class,
                CommandLine.HelpCommand.class})
public final class Berth {

    public static void main(String[] args) {
        OptionalInt daemonExit = buildInDaemon(args);
        if (daemonExit.isPresent()) {
            System.exit(daemonExit.getAsInt());
        }
        Logging.configure();
        System.exit(new CommandLine(new Berth()).execute(args));
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
        try {
            return new BuildClient(BuilderData.directory(BuilderData.option(buildArgs)), System.out,
                    System.err).build(buildArgs);
        } catch (IOException e) {
            System.err.println("berth build: the build daemon failed (" + e.getMessage() + "); building in this "
                    + "process");
            return OptionalInt.empty();
        }
    }
}
