package dev.berth.cli;

import dev.berth.builder.build.Builder;
import dev.berth.cli.daemon.BuildDaemon;
import dev.berth.cli.daemon.DaemonRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth build-daemon}: the warm process {@code berth build} starts and sends its builds to. It keeps a builder
 * (content store, cache index, hashes of context files, JSON mappers) for each of the last few data directories it
 * built with, so its memory stays bounded however many directories its user builds in.
 */
@Command(name = "build-daemon", hidden = true, mixinStandardHelpOptions = true,
        description = "Serve berth build from a warm process (started by berth build itself).")
final class BuildDaemonCommand implements Callable<Integer>, BuildDaemon.Runner {

    /** How many data directories' builders stay warm; the least recently used one goes first. */
    private static final int WARM_BUILDERS = 4;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The daemon's directory.")
    private Path directory;

    private final Map<Path, Builder> builders = new LinkedHashMap<>(WARM_BUILDERS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Builder> eldest) {
            return size() > WARM_BUILDERS;
        }
    };

    @Override
    public Integer call() throws IOException {
        return new BuildDaemon(directory, this).serve();
    }

    @Override
    public int run(DaemonRequest request, PrintStream out, PrintStream err) {
        Caller caller = new Caller(Path.of(request.workingDirectory()), request.environment(), request.terminal());
        return BuildCommand.commandLine(new BuildCommand(out, err, this::builder, caller))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(request.args().toArray(String[]::new));
    }

    @Override
    public synchronized List<String> holds() {
        return builders.keySet().stream().map(data -> "a builder for " + data).toList();
    }

    private synchronized Builder builder(Path dataDirectory) throws IOException {
        Path key = dataDirectory.toAbsolutePath().normalize();
        Builder builder = builders.get(key);
        if (builder == null) {
            builder = new Builder(key, Clock.systemUTC());
            builders.put(key, builder);
        }
        return builder;
    }
}
