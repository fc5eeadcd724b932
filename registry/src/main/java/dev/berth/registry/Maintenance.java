package dev.berth.registry;

import dev.berth.cache.storage.Storage;
import dev.berth.registry.events.RegistryEvent;
import dev.berth.registry.events.Webhooks;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecyclePolicies;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.usage.UsageHistory;
import dev.berth.registry.usage.UsageSampler;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The registry's background work, which its endpoints also start on demand, and the writes it makes off the
 * requests' threads (pull times), which a closing registry waits for.
 */
record Maintenance(GarbageCollector collector, Lifecycle lifecycle, RegistryMetrics metrics,
                   Webhooks webhooks, UsageHistory usage, UsageSampler sampler, ExecutorService writes) {
    static Maintenance of(Storage storage, Clock clock, Registry.Options options) {
        RegistryMetrics metrics = RegistryMetrics.create(storage);
        Webhooks webhooks = new Webhooks(options.webhooks().endpoints(), options.webhooks().deadLetter(), clock);
        UsageHistory usage = new UsageHistory(storage.settings(), clock);
        return new Maintenance(new GarbageCollector(storage, clock, options.gc(), options.uploadExpiry(),
                report -> {
                    metrics.collected(report);
                    recordCollection(usage, report);
                    webhooks.publish(new RegistryEvent.Collected(report.finished(), "registry",
                            report.manifests().size(), report.blobs(), report.bytes(), report.uploads()));
                }),
                new Lifecycle(storage, clock, new LifecyclePolicies(options.lifecycle().configured(),
                        storage.settings()), options.gc().window(), report -> {
                            metrics.expired(report);
                            report.expired().forEach(expired -> webhooks.publish(new RegistryEvent.Expired(
                                    report.finished(), "registry", expired.repository(), expired.digest(),
                                    expired.tags(), expired.reason())));
                        }),
                metrics, webhooks, usage, new UsageSampler(storage, usage, clock),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Keeps what a collection reclaimed for the storage page; a failure to is logged, not the collection's. */
    private static void recordCollection(UsageHistory usage, GcReport report) {
        try {
            usage.collected(report);
        } catch (IOException e) {
            System.getLogger(Registry.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot record what garbage collection reclaimed: " + e.getMessage());
        }
    }

    void close() {
        metrics.close();
        webhooks.close();
        writes.shutdown();
        try {
            writes.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
