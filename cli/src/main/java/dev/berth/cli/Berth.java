package dev.berth.cli;

import dev.berth.cli.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command: one entry point for the registry and, later, the builder. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Builds images from Dockerfiles and serves them from an OCI registry.",
        subcommands = {ServeCommand.class, BuildCommand.class, CommandLine.HelpCommand.class})
public final class Berth {

    public static void main(String[] args) {
        Logging.configure();
        System.exit(new CommandLine(new Berth()).execute(args));
    }
}
