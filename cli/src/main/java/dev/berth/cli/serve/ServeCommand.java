package dev.berth.cli.serve;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth serve}: runs the registry on local-disk storage until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the OCI registry on local-disk storage.")
public final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (env BERTH_LISTEN; default ${DEFAULT-VALUE}).")
    private String listen;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (env BERTH_DATA; default ~/.local/share/berth).")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
    private Path config;

    @Option(names = "--allow-unauthenticated-remote",
            description = "Allow listening on a non-loopback address without authentication.")
    private boolean allowUnauthenticatedRemote;

    @Override
    public Integer call() throws IOException {
        ServeConfig settings;
        try {
            settings = ServeConfig.resolve(config, System.getenv(), listen, data, allowUnauthenticatedRemote);
        } catch (ConfigException e) {
            System.err.println("berth serve: " + e.getMessage());
            return 2;
        }
        Registry registry = Registry.start(settings.host(), settings.port(),
                DiskStorage.open(settings.data(), Clock.systemUTC()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The JDK's logging is already shut down when this runs, so this goes to standard error directly.
            System.err.println("berth serve: stopping");
            registry.close();
            System.err.println("berth serve: stopped");
            stopped.countDown();
        }, "berth-shutdown"));
        LOG.log(System.Logger.Level.INFO, "serving the registry on http://" + settings.host() + ":" + registry.port()
                + " with data in " + settings.data().toAbsolutePath());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
