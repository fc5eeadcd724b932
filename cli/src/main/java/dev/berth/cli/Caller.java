package dev.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who asked for a build, as far as the build needs to know: their working directory (relative paths of the command
 * line), their environment (build arguments without a value, secrets, SOURCE_DATE_EPOCH, registry logins) and whether
 * their standard error is a terminal (for {@code --progress auto}). The same whether the build runs in the caller's
 * process or in the build daemon.
 */
public record Caller(Path workingDirectory, Map<String, String> environment, boolean terminal) {

    public Caller {
        environment = Map.copyOf(environment);
    }

    /** This process. */
    public static Caller here() {
        return new Caller(Path.of("").toAbsolutePath(), System.getenv(), standardErrorIsATerminal());
    }

    /** Whether this process's standard error is a terminal: file descriptor 2 links to a tty device on Linux. */
    public static boolean standardErrorIsATerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
