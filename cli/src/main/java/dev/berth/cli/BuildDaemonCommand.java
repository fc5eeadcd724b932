package dev.berth.cli;

import dev.berth.builder.build.Builder;
import dev.berth.cli.daemon.BuildDaemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth build-daemon}: the warm process {@code berth build} starts and sends its builds to. */
@Command(name = "build-daemon", hidden = true, mixinStandardHelpOptions = true,
        description = "Serve berth build from a warm process (started by berth build itself).")
final class BuildDaemonCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The builder data directory.")
    private Path data;

    /** The daemon's builder, made by its first build and kept warm for the next ones (one build runs at a time). */
    private Builder builder;

    @Override
    public Integer call() throws IOException {
        return new BuildDaemon(data, (args, out, err) -> OneLineErrors.on(new CommandLine(new BuildCommand(out, err,
                        this::builder, Path.of("").toAbsolutePath(), System.getenv())))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new))).serve();
    }

    private synchronized Builder builder(Path dataDirectory) throws IOException {
        if (!dataDirectory.toAbsolutePath().normalize().equals(data.toAbsolutePath().normalize())) {
            return new Builder(dataDirectory, Clock.systemUTC());
        }
        if (builder == null) {
            builder = new Builder(data, Clock.systemUTC());
        }
        return builder;
    }
}
