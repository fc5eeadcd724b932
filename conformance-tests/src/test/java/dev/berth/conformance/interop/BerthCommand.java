package dev.berth.conformance.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code berth} command as its own process, as a user would, and returns its standard output. A command with
 * {@code --data DIR} keeps its build daemon beside DIR ({@code BERTH_DAEMON_DIR} is DIR's sibling {@code daemons}),
 * so that a test finds and stops the daemons its builds started, under its own directory.
 */
final class BerthCommand {

    private BerthCommand() {
    }

    /** Runs the command and returns what it wrote to standard output and standard error together. */
    static String runWithErrors(String... arguments) {
        return Tool.runMerged(command(arguments));
    }

    /** Runs the command with extra environment variables and standard input, and returns how it ended. */
    static Tool.Result exec(java.util.Map<String, String> environment, String input, String... arguments) {
        return Tool.exec(command(arguments), environment, input);
    }

    /** Runs the command with standard input bytes, keeping its standard output (bytes) and error apart. */
    static Tool.Output exec(byte[] input, String... arguments) {
        return Tool.exec(command(arguments), java.util.Map.of(), input);
    }

    static String run(String... arguments) {
        return Tool.run(command(arguments));
    }

    /** Runs the command with {@code directory} as its working directory, as a user in that directory would. */
    static String runIn(Path directory, String... arguments) {
        return Tool.runIn(directory, command(arguments));
    }

    /** Where the build daemon of builds with this data directory lives in tests. */
    static Path daemonDirectory(Path data) {
        return data.toAbsolutePath().resolveSibling("daemons");
    }

    /** Stops (SIGTERM, by PID) the build daemons that builds with data directories under {@code directory} started. */
    static void stopBuildDaemons(Path directory) {
        for (ProcessHandle daemon : buildDaemons(directory)) {
            daemon.destroy();
            daemon.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    /** The running build daemons of data directories under {@code directory}, found by their daemon.pid files. */
    static List<ProcessHandle> buildDaemons(Path directory) {
        try (var files = java.nio.file.Files.find(directory, 4,
                (path, attributes) -> path.getFileName().toString().equals("daemon.pid"))) {
            return files.map(BerthCommand::pid).flatMap(pid -> ProcessHandle.of(pid).stream())
                    .filter(ProcessHandle::isAlive).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long pid(Path file) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(file).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The command line that runs berth with these arguments, as {@link #run} does. */
    static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        int data = List.of(arguments).indexOf("--data");
        if (data >= 0 && data + 1 < arguments.length) {
            command.addAll(List.of("env", "BERTH_DAEMON_DIR=" + daemonDirectory(Path.of(arguments[data + 1]))));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.berth.cli.Berth"));
        command.addAll(List.of(arguments));
        return command;
    }
}
