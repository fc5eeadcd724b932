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

    /** Stops (SIGTERM, by PID) the build daemons that builds with data directories under {@code directory} started. */
    static void stopBuildDaemons(Path directory) {
        for (ProcessHandle daemon : buildDaemons(directory)) {
            daemon.destroy();
            daemon.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    /** The running build daemons for data directories under {@code directory}. */
    static List<ProcessHandle> buildDaemons(Path directory) {
        return ProcessHandle.allProcesses().filter(process -> {
            List<String> args = List.of(process.info().arguments().orElse(new String[0]));
            int data = args.indexOf("--data");
            return args.contains("build-daemon") && data >= 0 && data + 1 < args.size()
                    && Path.of(args.get(data + 1)).startsWith(directory.toAbsolutePath());
        }).toList();
    }

    private static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth"));
        command.addAll(List.of(arguments));
        return command;
    }
}
