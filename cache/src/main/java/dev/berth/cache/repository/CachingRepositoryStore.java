package dev.berth.cache.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Serves hot manifest records and tag lookups from memory. Every write through this store invalidates what it
 * changes; a store shared by several nodes needs expiry instead, which comes with such a store.
 */
public final class CachingRepositoryStore implements RepositoryStore {

    private record ManifestKey(RepositoryName repository, Digest digest) {
    }

    private record TagKey(RepositoryName repository, Tag tag) {
    }

    private final RepositoryStore delegate;
    private final Cache<ManifestKey, Optional<ManifestRecord>> manifests =
            Caffeine.newBuilder().maximumSize(50_000).build();
    private final Cache<TagKey, Optional<Digest>> tags = Caffeine.newBuilder().maximumSize(50_000).build();

    public CachingRepositoryStore(RepositoryStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) throws IOException {
        delegate.linkBlob(repository, digest);
    }

    @Override
    public boolean hasBlob(RepositoryName repository, Digest digest) throws IOException {
        return delegate.hasBlob(repository, digest);
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) throws IOException {
        return delegate.unlinkBlob(repository, digest);
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) throws IOException {
        delegate.putManifest(repository, manifest);
        manifests.invalidate(new ManifestKey(repository, manifest.digest()));
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) throws IOException {
        return load(manifests, new ManifestKey(repository, digest), () -> delegate.manifest(repository, digest));
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        try {
            return delegate.deleteManifest(repository, digest);
        } finally {
            manifests.invalidate(new ManifestKey(repository, digest));
            tags.asMap().keySet().removeIf(key -> key.repository().equals(repository));
        }
    }

    @Override
    public void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException {
        try {
            delegate.tag(repository, tag, digest);
        } finally {
            tags.invalidate(new TagKey(repository, tag));
        }
    }

    @Override
    public Optional<Digest> resolveTag(RepositoryName repository, Tag tag) throws IOException {
        return load(tags, new TagKey(repository, tag), () -> delegate.resolveTag(repository, tag));
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) throws IOException {
        try {
            return delegate.deleteTag(repository, tag);
        } finally {
            tags.invalidate(new TagKey(repository, tag));
        }
    }

    @Override
    public List<Tag> tags(RepositoryName repository) throws IOException {
        return delegate.tags(repository);
    }

    @Override
    public List<ManifestRecord> referrers(RepositoryName repository, Digest subject) throws IOException {
        return delegate.referrers(repository, subject);
    }

    @Override
    public boolean exists(RepositoryName repository) throws IOException {
        return delegate.exists(repository);
    }

    @Override
    public boolean deleteRepository(RepositoryName repository) throws IOException {
        try {
            return delegate.deleteRepository(repository);
        } finally {
            manifests.asMap().keySet().removeIf(key -> key.repository().equals(repository));
            tags.asMap().keySet().removeIf(key -> key.repository().equals(repository));
        }
    }

    @Override
    public Optional<Instant> deletedAt(RepositoryName repository) throws IOException {
        return delegate.deletedAt(repository);
    }

    @Override
    public List<RepositoryName> repositories() throws IOException {
        return delegate.repositories();
    }

    private interface Loader<V> {
        V load() throws IOException;
    }

    private static <K, V> V load(Cache<K, V> cache, K key, Loader<V> loader) throws IOException {
        try {
            return cache.get(key, k -> {
                try {
                    return loader.load();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
