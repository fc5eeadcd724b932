package dev.berth.conformance.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@code berth} command as its own process, as a user would, and returns its standard output. */
final class BerthCommand {

    private BerthCommand() {
    }

    static String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth"));
        command.addAll(List.of(arguments));
        return Tool.run(command);
    }
}
