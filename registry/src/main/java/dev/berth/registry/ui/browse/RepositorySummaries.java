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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Works out {@link RepositorySummary repository summaries} from the storage, and remembers each for a few seconds: a
 * list page reads fifty repositories, and is read again as people page back and forth.
 */
public final class RepositorySummaries {

    /** How long a summary is shown before it is worked out again. */
    static final Duration FRESH = Duration.ofSeconds(10);
    /** How many repositories of a page are read at once. */
    static final int AT_ONCE = 16;

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

    /**
     * The summaries of a page of repositories, read side by side (on S3 each is several requests, and a page of fifty
     * read one after another would take seconds); at most {@value #AT_ONCE} at a time.
     */
    public List<RepositorySummary> of(List<RepositoryName> repositories) throws IOException {
        Semaphore slots = new Semaphore(AT_ONCE);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RepositorySummary>> reads = new ArrayList<>();
            for (RepositoryName repository : repositories) {
                reads.add(readers.submit(() -> {
                    slots.acquire();
                    try {
                        return of(repository);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<RepositorySummary> summaries = new ArrayList<>();
            for (Future<RepositorySummary> read : reads) {
                summaries.add(read.get());
            }
            return summaries;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading repositories", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("cannot read a repository: " + e.getCause(), e.getCause());
        }
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
