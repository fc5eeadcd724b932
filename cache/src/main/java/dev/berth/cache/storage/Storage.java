package dev.berth.cache.storage;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.gc.GcMarks;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.settings.SettingsStore;
import dev.berth.cache.upload.UploadStore;
import java.util.Objects;

/**
 * The stores a registry works with, backed by one medium (local disk or S3): content, uploads, repositories, the
 * marks through which garbage collection and pushes keep out of each other's way, and the registry's own settings.
 */
public record Storage(BlobStore blobs, UploadStore uploads, RepositoryStore repositories, GcMarks marks,
                      SettingsStore settings) {

    public Storage {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(repositories, "repositories");
        Objects.requireNonNull(marks, "marks");
        Objects.requireNonNull(settings, "settings");
    }
}
