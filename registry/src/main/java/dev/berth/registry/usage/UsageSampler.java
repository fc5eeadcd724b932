package dev.berth.registry.usage;

import dev.berth.cache.blob.StoredBlob;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.gc.RepositoryContents;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Measures the storage: every blob's bytes, from a listing of the store, and every repository's, from its manifest
 * records; keeps the largest repositories in the sample. Run on a schedule and when an administrator asks.
 */
public final class UsageSampler {

    /** How many repositories a sample names; the rest are summed. */
    public static final int LARGEST = 20;
    /** How often the registry measures by itself. */
    public static final Duration EVERY = Duration.ofHours(1);
    private static final int PAGE = 1000;

    private final Storage storage;
    private final UsageHistory history;
    private final Clock clock;

    public UsageSampler(Storage storage, UsageHistory history, Clock clock) {
        this.storage = storage;
        this.history = history;
        this.clock = clock;
    }

    /** Measures now, records the sample and returns it. */
    public UsageSample sample() throws IOException {
        long bytes = 0;
        long blobs = 0;
        Optional<Digest> after = Optional.empty();
        while (true) {
            List<StoredBlob> page = storage.blobs().list(after, PAGE);
            for (StoredBlob blob : page) {
                bytes += blob.size();
                blobs++;
            }
            if (page.size() < PAGE) {
                break;
            }
            after = Optional.of(page.getLast().digest());
        }
        List<UsageSample.RepositorySize> sizes = new ArrayList<>();
        List<RepositoryName> repositories = storage.repositories().repositories();
        for (RepositoryName repository : repositories) {
            sizes.add(new UsageSample.RepositorySize(repository.value(), size(repository)));
        }
        sizes.sort(Comparator.comparingLong(UsageSample.RepositorySize::bytes).reversed());
        UsageSample sample = new UsageSample(clock.instant(), bytes, blobs, repositories.size(),
                sizes.subList(0, Math.min(LARGEST, sizes.size())));
        history.record(sample);
        return sample;
    }

    private long size(RepositoryName repository) throws IOException {
        return RepositoryContents.read(storage.repositories(), repository).bytes(storage.blobs());
    }
}
