package dev.berth.registry.base;

import dev.berth.cache.memory.CacheStatistics;
import dev.berth.cache.memory.Cached;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.http.RegistryHeaders;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * {@code GET /v2/}, which tells clients this is a registry; for orchestrators {@code /healthz} (the process
 * answers), {@code /readyz} (and its storage answers too: a node whose S3 bucket cannot be reached is taken out of
 * the load balancer) and {@code /metrics} (the in-memory caches' hits and misses, in Prometheus' text format).
 */
public final class BaseService implements HttpService {

    /** A digest asked of the store to see that it answers; whether it is there does not matter. */
    private static final Digest PROBE = Digest.sha256("berth readiness probe".getBytes(StandardCharsets.UTF_8));

    private final Storage storage;

    public BaseService(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2", this::version)
                .get("/v2/", this::version)
                .head("/v2/", this::version)
                .get("/healthz", this::health)
                .get("/readyz", this::ready)
                .get("/metrics", this::metrics);
    }

    private void version(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header(RegistryHeaders.SUPPORTS_SIGNATURES, "1");
        response.send("{}");
    }

    private void health(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send("{\"status\":\"ok\"}");
    }

    private void ready(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            storage.blobs().stat(PROBE);
            response.send("{\"status\":\"ok\"}");
        } catch (IOException e) {
            response.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"storage unavailable\"}");
        }
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        List<CacheStatistics> caches = new ArrayList<>();
        Stream.of(storage.blobs(), storage.repositories()).filter(Cached.class::isInstance)
                .forEach(store -> caches.addAll(((Cached) store).cacheStatistics()));
        StringBuilder text = new StringBuilder();
        metric(text, "berth_cache_hits_total", "counter", "Lookups answered from memory.", caches,
                CacheStatistics::hits);
        metric(text, "berth_cache_misses_total", "counter", "Lookups that went to the storage.", caches,
                CacheStatistics::misses);
        metric(text, "berth_cache_evictions_total", "counter", "Entries dropped for room or age.", caches,
                CacheStatistics::evictions);
        metric(text, "berth_cache_entries", "gauge", "Entries held now.", caches, CacheStatistics::entries);
        response.header(HeaderValues.create("Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
        response.send(text.toString());
    }

    private static void metric(StringBuilder text, String name, String type, String help,
                               List<CacheStatistics> caches, ToLongFunction<CacheStatistics> value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (CacheStatistics cache : caches) {
            text.append(name).append("{cache=\"").append(cache.name()).append("\"} ")
                    .append(value.applyAsLong(cache)).append('\n');
        }
    }
}
