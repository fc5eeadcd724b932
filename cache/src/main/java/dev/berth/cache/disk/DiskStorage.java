package dev.berth.cache.disk;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.memory.CachingBlobStore;
import dev.berth.cache.memory.CachingRepositoryStore;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Opens the local-disk storage under a data directory. */
public final class DiskStorage {

    /** How old a temp file must be before a process sharing the directory takes it for a leftover. */
    private static final Duration SHARED_LEFTOVER_AGE = Duration.ofDays(1);

    private DiskStorage() {
    }

    /**
     * Opens (creating if needed) the storage under {@code root}, serving hot tags and manifest records from memory;
     * upload sessions left by an earlier process are kept and can be resumed. Only for the one process that writes
     * the directory (the registry).
     */
    public static Storage open(Path root, Clock clock) throws IOException {
        return open(root, clock, CacheSettings.exclusive());
    }

    /** As {@link #open(Path, Clock)}, with this much in memory. */
    public static Storage open(Path root, Clock clock, CacheSettings caches) throws IOException {
        return open(root, clock, Optional.of(caches));
    }

    /**
     * Opens the storage under {@code root} for a process that shares it with other writers (the builder: its daemon
     * and the builds beside it): tags and manifest records are read from disk every time, and only day-old temp
     * files are taken for leftovers.
     */
    public static Storage openShared(Path root, Clock clock) throws IOException {
        return open(root, clock, Optional.empty());
    }

    private static Storage open(Path root, Clock clock, Optional<CacheSettings> caches) throws IOException {
        boolean exclusive = caches.isPresent();
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new IOException("data directory " + root + " is not writable: choose another with --data");
        }
        DiskLayout layout = new DiskLayout(root.toAbsolutePath());
        DurableFiles files = new DurableFiles(layout.tmp());
        files.removeLeftovers(exclusive ? Instant.MAX : clock.instant().minus(SHARED_LEFTOVER_AGE));
        Json json = new Json();
        DiskBlobStore blobs = new DiskBlobStore(layout, files);
        RepositoryStore repositories = new DiskRepositoryStore(layout, files, json, clock);
        return new Storage(
                caches.<BlobStore>map(settings -> new CachingBlobStore(blobs, settings)).orElse(blobs),
                new DiskUploadStore(layout, files, blobs, json, clock),
                caches.<RepositoryStore>map(settings -> new CachingRepositoryStore(repositories, settings))
                        .orElse(repositories),
                new DiskGcMarks(layout, files),
                new DiskSettingsStore(layout.settings(), files));
    }
}
