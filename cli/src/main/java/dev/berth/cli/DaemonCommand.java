package dev.berth.cli;

import dev.berth.cli.daemon.BuildClient;
import dev.berth.cli.daemon.DaemonFiles;
import dev.berth.cli.daemon.DaemonRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;

/** {@code berth daemon status|stop}: the user's build daemon for this Berth, seen and stopped from the shell. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Show or stop the build daemon that berth build starts.")
final class DaemonCommand {

    @Command(name = "status", description = "Print what the build daemon is, did and holds.")
    int status() throws IOException {
        return ask(DaemonRequest.Kind.STATUS, "no build daemon runs for this Berth");
    }

    @Command(name = "stop", description = "Stop the build daemon (a running build is stopped and cleaned up).")
    int stop() throws IOException {
        int code = ask(DaemonRequest.Kind.STOP, "no build daemon was running");
        if (code == 0) {
            System.out.println("stopped the build daemon");
        }
        return code;
    }

    private static int ask(DaemonRequest.Kind kind, String none) throws IOException {
        DaemonFiles files = DaemonFiles.forUser(System.getenv());
        OptionalInt code = new BuildClient(files, Optional.empty(), System.out, System.err).ask(kind);
        if (code.isEmpty()) {
            System.out.println(none + " (" + files.socket() + ")");
            return 0;
        }
        return code.getAsInt();
    }
}
