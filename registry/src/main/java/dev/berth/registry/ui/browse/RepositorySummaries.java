package dev.berth.registry.ui.browse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.gc.RepositoryContents;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Works out {@link RepositorySummary repository summaries} from the storage, and remembers each for a few seconds: a
 * list page reads fifty repositories, and is read again as people page back and forth.
 */
public final class RepositorySummaries {

    /** How long a summary is shown before it is worked out again. */
    static final Duration FRESH = Duration.ofSeconds(10);

    private final Storage storage;
    private final Cache<RepositoryName, RepositorySummary> summaries = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterWrite(FRESH).build();

    public RepositorySummaries(Storage storage) {
        this.storage = storage;
    }

    public RepositorySummary of(RepositoryName repository) throws IOException {
        RepositorySummary known = summaries.getIfPresent(repository);
        if (known == null) {
            known = read(repository);
            summaries.put(repository, known);
        }
        return known;
    }

    /** The summaries of a page of repositories, read side by side. */
    public List<RepositorySummary> of(List<RepositoryName> repositories) throws IOException {
        return SideBySide.read(repositories, this::of);
    }

    /** Forgets what is known of a repository the UI just changed. */
    public void changed(RepositoryName repository) {
        summaries.invalidate(repository);
    }

    private RepositorySummary read(RepositoryName repository) throws IOException {
        RepositoryStore store = storage.repositories();
        RepositoryContents contents = RepositoryContents.read(store, repository);
        Optional<Instant> pushed = Optional.empty();
        Optional<Instant> pulled = Optional.empty();
        for (ManifestRecord record : contents.records().values()) {
            pushed = latest(pushed, Optional.of(record.pushedAt()));
            pulled = latest(pulled, store.lastPulled(repository, record.digest()));
        }
        return new RepositorySummary(repository, contents.tags().size(), contents.records().size(), contents.bytes(storage.blobs()), pushed,
                pulled);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
    }
}
