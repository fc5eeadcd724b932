package dev.berth.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.cache.storage.Storage;
import dev.berth.registry.audit.AuditFilter;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessFilter;
import dev.berth.registry.auth.TokenService;
import dev.berth.registry.base.BaseService;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.catalog.CatalogService;
import dev.berth.registry.events.RequestEvents;
import dev.berth.registry.events.WebhookSettings;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcBusyException;
import dev.berth.registry.gc.GcService;
import dev.berth.registry.gc.GcSettings;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.http.ConnectionReuse;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RequestLog;
import dev.berth.registry.lifecycle.LifecycleService;
import dev.berth.registry.lifecycle.LifecycleSettings;
import dev.berth.registry.lifecycle.PullRecorder;
import dev.berth.registry.manifest.ManifestDeletion;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.metrics.RequestMetrics;
import dev.berth.registry.mirror.Mirror;
import dev.berth.registry.mirror.MirrorGuard;
import dev.berth.registry.mirror.PullThrough;
import dev.berth.registry.referrer.ReferrerService;
import dev.berth.registry.repository.RepositoryService;
import dev.berth.registry.schedule.Schedule;
import dev.berth.registry.signature.PushSigning;
import dev.berth.registry.signature.SignatureEnforcement;
import dev.berth.registry.signature.SignatureExtensionService;
import dev.berth.registry.signature.SignatureInspector;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.tag.TagService;
import dev.berth.registry.ui.WebUi;
import dev.berth.registry.upload.UploadService;
import dev.berth.registry.upload.UploadSweeper;
import dev.berth.registry.usage.UsageSampler;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The OCI distribution API over a {@link Storage}: routing for tests and {@code berth serve}, and a running server. */
public final class Registry implements AutoCloseable {

    /** The name of the socket of the management port. */
    private static final String MANAGEMENT = "management";

    private final WebServer server;
    private final UploadSweeper sweeper;
    private final List<Schedule> schedules;
    private final Maintenance maintenance;

    private Registry(WebServer server, UploadSweeper sweeper, List<Schedule> schedules, Maintenance maintenance) {
        this.server = server;
        this.sweeper = sweeper;
        this.schedules = schedules;
        this.maintenance = maintenance;
    }

    /**
     * How a registry runs beyond its address and storage.
     *
     * @param uploadExpiry upload sessions idle for longer are removed
     * @param access who may do what; empty lets everyone do everything (the registry then listens on loopback only)
     * @param tls    HTTPS settings ({@link dev.berth.registry.tls.ServerTls}); empty serves plain HTTP
     * @param signatures the signature policy pulls must satisfy, and what the registry signs on push; empty for none
     * @param gc         how garbage collection runs
     * @param immutable  which tags may not move once pushed
     * @param lifecycle  the lifecycle policies of the config, and how often they run
     * @param management a port of its own for {@code /metrics} (then served there only), {@code /healthz} and
     *                   {@code /readyz}; empty to serve them on the registry's port
     * @param webhooks   who is told of pushes, deletions, tag moves, expiries and collections
     * @param mirrors    repository prefixes filled from upstream registries on first pull
     */
    public record Options(Duration uploadExpiry, Optional<Access> access, Optional<Tls> tls,
                          Optional<Signatures> signatures, GcSettings gc, ImmutableTags immutable,
                          LifecycleSettings lifecycle, Optional<Integer> management, WebhookSettings webhooks,
                          List<Mirror> mirrors) {

        public Options {
            mirrors = List.copyOf(mirrors);
        }

        public static Options defaults() {
            return new Options(UploadSweeper.DEFAULT_EXPIRY, Optional.empty(), Optional.empty(), Optional.empty(),
                    GcSettings.defaults(), ImmutableTags.none(), LifecycleSettings.defaults(), Optional.empty(),
                    WebhookSettings.none(), List.of());
        }

        public Options withMirrors(List<Mirror> upstreams) {
            return new Options(uploadExpiry, access, tls, signatures, gc, immutable, lifecycle, management, webhooks,
                    upstreams);
        }

        public Options withWebhooks(WebhookSettings settings) {
            return new Options(uploadExpiry, access, tls, signatures, gc, immutable, lifecycle, management, settings,
                    mirrors);
        }

        public Options withManagementPort(int port) {
            return new Options(uploadExpiry, access, tls, signatures, gc, immutable, lifecycle, Optional.of(port),
                    webhooks, mirrors);
        }

        public Options withLifecycle(LifecycleSettings settings) {
            return new Options(uploadExpiry, access, tls, signatures, gc, immutable, settings, management, webhooks,
                    mirrors);
        }

        public Options withImmutableTags(ImmutableTags rules) {
            return new Options(uploadExpiry, access, tls, signatures, gc, rules, lifecycle, management, webhooks,
                    mirrors);
        }

        public Options withUploadExpiry(Duration expiry) {
            return new Options(expiry, access, tls, signatures, gc, immutable, lifecycle, management, webhooks,
                    mirrors);
        }

        public Options withAccess(Access control) {
            return new Options(uploadExpiry, Optional.of(control), tls, signatures, gc, immutable, lifecycle,
                    management, webhooks, mirrors);
        }

        public Options withTls(Tls settings) {
            return new Options(uploadExpiry, access, Optional.of(settings), signatures, gc, immutable, lifecycle,
                    management, webhooks, mirrors);
        }

        public Options withSignatures(Signatures settings) {
            return new Options(uploadExpiry, access, tls, Optional.of(settings), gc, immutable, lifecycle, management,
                    webhooks, mirrors);
        }

        public Options withGc(GcSettings settings) {
            return new Options(uploadExpiry, access, tls, signatures, settings, immutable, lifecycle, management,
                    webhooks, mirrors);
        }
    }

    /**
     * The registry's signature settings: the policy pulls must satisfy, if any, and the rules it signs pushes by.
     */
    public record Signatures(Optional<SignatureEnforcement.Settings> enforce, List<PushSigning.Rule> sign) {
        public Signatures {
            sign = List.copyOf(sign);
        }
    }

    /** Declares every endpoint of the API; both {@link #start} and routing tests call this. */
    public static void routing(HttpRouting.Builder routing, Storage storage, Clock clock, Options options) {
        routing(routing, storage, clock, options, Maintenance.of(storage, clock, options));
    }

    private static void routing(HttpRouting.Builder routing, Storage storage, Clock clock, Options options,
                                Maintenance maintenance) {
        PushFence fence = new PushFence(storage.marks(), clock, options.gc());
        ManifestPush push = new ManifestPush(storage, clock, fence);
        PullThrough pullThrough = new PullThrough(storage, clock, options.mirrors(), fence);
        ObjectMapper json = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
        Optional<SignatureEnforcement> enforcement = options.signatures().flatMap(Signatures::enforce)
                .map(settings -> new SignatureEnforcement(settings, storage, clock, push));
        RequestEvents events = new RequestEvents(maintenance.webhooks(), clock);
        ManifestDeletion deletion = new ManifestDeletion(storage, options.immutable(), events, enforcement);
        WebUi ui = WebUi.create(new WebUi.Parts(storage, clock, options.access(), deletion, new SignatureInspector(
                storage, push, clock, options.signatures().flatMap(Signatures::enforce)), options.immutable(),
                maintenance.lifecycle(), maintenance.usage(), maintenance.sampler()));
        ErrorResponses errors = new ErrorResponses(json, maintenance.metrics()::storageError,
                Optional.of(ui.errorPage()));
        routing.addFilter(new RequestLog());
        routing.addFilter(new RequestMetrics(maintenance.metrics()));
        routing.addFilter(new ConnectionReuse());
        options.access().ifPresent(access -> routing.addFilter(new AccessFilter(access, errors,
                storage.repositories()::deletedAt)));
        routing.addFilter(new AuditFilter());
        routing.addFilter(new MirrorGuard(pullThrough, errors));
        options.access().ifPresent(access -> access.tokens().ifPresent(tokens ->
                routing.register(new TokenService(access, tokens, json))));
        errors.register(routing);
        routing.register(new BaseService(storage))
                .register(new CatalogService(storage, json))
                .register(new UploadService(storage, push.fence()))
                .register(new BlobService(storage, pullThrough))
                .register(new ManifestService(storage, push, options.immutable(), new PullRecorder(
                        storage.repositories(), clock, maintenance.writes()), events, pullThrough, enforcement,
                        options.signatures().map(Signatures::sign).filter(rules -> !rules.isEmpty())
                        .map(rules -> new PushSigning(rules, storage, clock, push)), deletion))
                .register(new SignatureExtensionService(storage, json, push, enforcement))
                .register(new TagService(storage, json))
                .register(new ReferrerService(storage, json))
                .register(new RepositoryService(storage))
                .register(new GcService(maintenance.collector()))
                .register(new LifecycleService(maintenance.lifecycle()));
        ui.register(routing);
    }

    /** Starts serving on the given address with the default options; port 0 picks a free port. */
    public static Registry start(String host, int port, Storage storage, Clock clock) {
        return start(host, port, storage, clock, Options.defaults());
    }

    /** Starts serving on the given address; port 0 picks a free port. */
    public static Registry start(String host, int port, Storage storage, Clock clock, Options options) {
        UploadSweeper sweeper = new UploadSweeper(storage.uploads(), clock, options.uploadExpiry());
        Maintenance maintenance = Maintenance.of(storage, clock, options);
        WebServerConfig.Builder config = server(host, port)
                .routing(routing -> routing(routing, storage, clock, options, maintenance));
        options.tls().ifPresent(config::tls);
        options.management().ifPresent(management -> config.putSocket(MANAGEMENT, socket -> socket.host(host)
                .port(management).routing(HttpRouting.builder().register(new BaseService(storage)))));
        config.addFeature(maintenance.metrics().feature(List.of(options.management().isPresent() ? MANAGEMENT
                : WebServer.DEFAULT_SOCKET_NAME)));
        WebServer server = config.build().start();
        List<Schedule> schedules = new ArrayList<>();
        options.gc().every().ifPresent(every -> schedules.add(new Schedule("garbage collection", every,
                () -> collectScheduled(maintenance.collector())).start()));
        schedules.add(new Schedule("lifecycle policies", options.lifecycle().every(),
                () -> maintenance.lifecycle().run(false)).start());
        schedules.add(new Schedule("storage usage", UsageSampler.EVERY, maintenance.sampler()::sample).start());
        return new Registry(server, sweeper.start(), schedules, maintenance);
    }

    private static void collectScheduled(GarbageCollector collector) throws IOException {
        try {
            collector.collect(false);
        } catch (GcBusyException e) {
            // One asked for is running: this turn is skipped.
        }
    }

    /** The web server's settings, without routes. */
    static WebServerConfig.Builder server(String host, int port) {
        return WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                // Connections as socket streams, which take each write whole (Helidon's NIO sockets copy it through
                // an 8 KiB buffer), and whose channel blob pulls send files into (PlainSocket).
                .useNio(false);
    }

    public int port() {
        return server.port();
    }

    /** The management port ({@link Options#management()}), if there is one. */
    public Optional<Integer> managementPort() {
        int port = server.port(MANAGEMENT);
        return port < 0 ? Optional.empty() : Optional.of(port);
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        sweeper.close();
        schedules.forEach(Schedule::close);
        server.stop();
        maintenance.close();
    }
}
