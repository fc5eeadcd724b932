package dev.berth.conformance.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@code berth} command as its own process, as a user would, and returns its standard output. */
final class BerthCommand {

    private BerthCommand() {
    }

    /** Runs the command and returns what it wrote to standard output and standard error together. */
    static String runWithErrors(String... arguments) {
        return Tool.runMerged(command(arguments));
    }

    static String run(String... arguments) {
        return Tool.run(command(arguments));
    }

    private static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth"));
        command.addAll(List.of(arguments));
        return command;
    }
}
