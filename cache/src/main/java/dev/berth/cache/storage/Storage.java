package dev.berth.cache.storage;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.upload.UploadStore;
import java.util.Objects;

/** The three stores a registry works with, backed by one medium (local disk now, S3 later). */
public record Storage(BlobStore blobs, UploadStore uploads, RepositoryStore repositories) {

    public Storage {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(repositories, "repositories");
    }
}
