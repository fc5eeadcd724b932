package dev.berth.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.storage.Storage;
import dev.berth.client.RegistryClient;
import dev.berth.client.auth.Credentials;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcService;
import dev.berth.registry.gc.GcSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth gc}: garbage collection while the registry serves. By default it asks the running registry to collect
 * ({@code POST /v2/_berth/gc}, as an administrator); with {@code --config} or {@code --data} it collects in the storage
 * itself (an S3 bucket the nodes share, or a data directory), beside the registry or without one.
 */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Reclaim unreferenced blobs, orphaned "
        + "signatures and idle uploads while the registry keeps serving.")
public final class GcCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "The running registry, HOST:PORT "
            + "(default: " + ServeConfig.DEFAULT_LISTEN + ").")
    private String registry;

    @Option(names = "--dry-run", description = "Report what would be reclaimed, and change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the whole report as JSON.")
    private boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "Collect in the storage this registry config "
            + "names (its storage and gc sections), rather than through a running registry.")
    private Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Collect in this local-disk data directory.")
    private Path data;

    @Option(names = "--grace", paramLabel = "DURATION", description = "With --config or --data: spare what was "
            + "used more recently than this (default: the config's gc.grace, else 1h; 0 for none).")
    private String grace;

    @Option(names = "--delete-untagged", description = "With --config or --data: reclaim manifests no tag reaches.")
    private boolean deleteUntagged;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", description = "Reach this registry over "
            + "plain HTTP or unverified TLS (loopback registries always are). Repeatable.")
    private List<String> insecure = new ArrayList<>();

    public GcCommand() {
        this(System.out, System.err, System.getenv());
    }

    GcCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try {
            boolean direct = config != null || data != null;
            if (direct && registry != null) {
                throw new ConfigException("give either a running REGISTRY or --config/--data, not both");
            }
            if (!direct && (grace != null || deleteUntagged)) {
                throw new ConfigException("--grace and --delete-untagged apply to --config or --data; a running "
                        + "registry collects by its own gc settings");
            }
            String report = direct ? collectInStorage() : new RegistryClient(Credentials.load(environment),
                    Set.copyOf(insecure), environment).garbageCollection(registry == null
                    ? ServeConfig.DEFAULT_LISTEN : registry).collect(dryRun);
            print(JSON.readTree(report), report);
            return 0;
        } catch (ConfigException e) {
            err.println("berth gc: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth gc: " + e.getMessage());
            return 1;
        }
    }

    private String collectInStorage() throws ConfigException, IOException {
        ServeConfig.Flags flags = data == null ? ServeConfig.Flags.NONE : ServeConfig.Flags.NONE.withData(data);
        ServeConfig settings = ServeConfig.resolve(config, environment, flags);
        GcSettings gc = settings.gc();
        gc = new GcSettings(grace == null ? gc.grace() : GcConfig.graceOf("--", grace), gc.pushDeadline(),
                deleteUntagged || gc.deleteUntagged(), gc.every());
        Storage storage = ServeCommand.storage(settings.storage(), settings.data(), true);
        return new String(GcService.json(new GarbageCollector(storage, Clock.systemUTC(), gc,
                settings.uploadExpiry()).collect(dryRun)), StandardCharsets.UTF_8);
    }

    private void print(JsonNode report, String text) {
        if (json) {
            out.println(text);
            return;
        }
        String verb = report.path("dryRun").asBoolean() ? "would reclaim" : "reclaimed";
        for (JsonNode manifest : report.path("manifests")) {
            out.println(verb + " manifest " + manifest.path("repository").asText() + "@"
                    + manifest.path("digest").asText() + ": " + manifest.path("reason").asText());
        }
        for (JsonNode tag : report.path("tags")) {
            out.println(verb + " tag " + tag.path("repository").asText() + ":" + tag.path("tag").asText() + ": "
                    + tag.path("reason").asText());
        }
        out.println(verb + " " + report.path("manifests").size() + " manifest(s), " + report.path("tags").size()
                + " tag(s), " + report.path("blobs").asLong() + " blob(s) of " + report.path("bytes").asLong()
                + " bytes, " + report.path("uploads").asInt() + " idle upload(s); kept "
                + report.path("spared").asLong() + " unreferenced blob(s) used within " + report.path("window")
                .asText().replace("PT", "").toLowerCase(java.util.Locale.ROOT));
    }
}
