package dev.berth.registry.metrics;

import dev.berth.cache.memory.CacheStatistics;
import dev.berth.cache.memory.Cached;
import dev.berth.cache.storage.Storage;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.lifecycle.LifecycleReport;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The registry's meters, in Helidon's meter registry (one for the process, as Helidon's Micrometer provider keeps
 * them), served in Prometheus' text format by Helidon's metrics observer at {@code /metrics}: requests by route,
 * method and status with their latency, bytes in and out, upload sessions, storage errors, the in-memory caches, and
 * what garbage collection and lifecycle policies reclaimed.
 */
public final class RegistryMetrics {

    private static final String SCOPE = "application";

    private final MeterRegistry meters;
    /** Meters that read this registry's stores, removed when it closes (Helidon keeps meters for the process). */
    private final List<Meter> readers = new ArrayList<>();

    private RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Meters for a registry over this storage, its caches' statistics among them. */
    public static RegistryMetrics create(Storage storage) {
        RegistryMetrics metrics = new RegistryMetrics(Services.get(MetricsFactory.class).globalRegistry());
        // Helidon keeps meters for the whole process: the caches of a registry started before this one (in tests)
        // give way to this one's.
        metrics.meters.meters().stream().filter(meter -> meter.id().name().startsWith("berth.cache."))
                .forEach(metrics.meters::remove);
        Stream.of(storage.blobs(), storage.repositories()).filter(Cached.class::isInstance).map(Cached.class::cast)
                .forEach(store -> store.cacheStatistics().forEach(cache -> metrics.cache(store, cache.name())));
        return metrics;
    }

    /** Helidon's observe feature serving these meters at {@code /metrics} on the given sockets. */
    public ObserveFeature feature(List<String> sockets) {
        return ObserveFeature.builder()
                .endpoint("/")
                .sockets(sockets)
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder().endpoint("metrics").meterRegistry(meters).build())
                .build();
    }

    /** Counts a request and its time, by route, method and status, and the bytes it took in and gave out. */
    void request(String route, String method, int status, Duration took, long bytesIn, long bytesOut) {
        List<Tag> tags = List.of(Tag.create("route", route), Tag.create("method", method),
                Tag.create("status", Integer.toString(status)));
        meters.getOrCreate(Timer.builder("berth.http.server.requests").scope(SCOPE).tags(tags)
                .description("Requests served, by route, method and status, and how long they took.")
                .buckets(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10),
                        Duration.ofSeconds(60))).record(took);
        List<Tag> route2 = List.of(Tag.create("route", route), Tag.create("method", method));
        counter("berth.http.server.received.bytes", "Request body bytes received.", route2).increment(bytesIn);
        counter("berth.http.server.sent.bytes", "Response body bytes sent.", route2).increment(bytesOut);
    }

    /** Counts an upload session started or completed. */
    void upload(String event) {
        counter("berth.uploads", "Blob upload sessions started and completed.", List.of(Tag.create("event", event)))
                .increment();
    }

    /** Counts a request that failed because the storage could not be reached. */
    public void storageError() {
        counter("berth.storage.errors", "Requests answered 503 because the storage could not be reached.",
                List.of()).increment();
    }

    /** Counts what a garbage collection reclaimed. */
    public void collected(GcReport report) {
        if (report.dryRun()) {
            return;
        }
        counter("berth.gc.runs", "Garbage collections run.", List.of()).increment();
        counter("berth.gc.reclaimed.blobs", "Blobs garbage collection deleted.", List.of()).increment(report.blobs());
        counter("berth.gc.reclaimed.bytes", "Bytes garbage collection reclaimed.", List.of())
                .increment(report.bytes());
        counter("berth.gc.reclaimed.manifests", "Manifests garbage collection reclaimed.", List.of())
                .increment(report.manifests().size());
        counter("berth.gc.removed.uploads", "Idle upload sessions removed.", List.of()).increment(report.uploads());
    }

    /** Counts what a run of the lifecycle policies expired. */
    public void expired(LifecycleReport report) {
        if (report.dryRun()) {
            return;
        }
        counter("berth.lifecycle.runs", "Runs of the lifecycle policies.", List.of()).increment();
        counter("berth.lifecycle.expired.images", "Images lifecycle policies expired.", List.of())
                .increment(report.expired().size());
    }

    /** Removes the meters that read this registry's caches, so a registry started later reads its own. */
    public void close() {
        readers.forEach(meters::remove);
    }

    private Counter counter(String name, String description, List<Tag> tags) {
        return meters.getOrCreate(Counter.builder(name).scope(SCOPE).description(description).tags(tags));
    }

    /** Meters reading a cache's statistics whenever they are scraped. */
    private void cache(Cached store, String name) {
        List<Tag> tags = List.of(Tag.create("cache", name));
        readers.add(meters.getOrCreate(FunctionalCounter.builder("berth.cache.hits", store,
                s -> now(s, name).hits()).scope(SCOPE).tags(tags).description("Lookups answered from memory.")));
        readers.add(meters.getOrCreate(FunctionalCounter.builder("berth.cache.misses", store,
                s -> now(s, name).misses()).scope(SCOPE).tags(tags).description("Lookups that went to the storage.")));
        readers.add(meters.getOrCreate(FunctionalCounter.builder("berth.cache.evictions", store,
                s -> now(s, name).evictions()).scope(SCOPE).tags(tags)
                .description("Entries dropped for room or age.")));
        readers.add(meters.getOrCreate(Gauge.builder("berth.cache.entries", store,
                s -> (double) now(s, name).entries()).scope(SCOPE).tags(tags).description("Entries held now.")));
    }

    private static CacheStatistics now(Cached store, String name) {
        return store.cacheStatistics().stream().filter(cache -> cache.name().equals(name)).findFirst()
                .orElse(new CacheStatistics(name, 0, 0, 0, 0));
    }
}
