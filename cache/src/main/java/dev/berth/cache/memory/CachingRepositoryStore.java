package dev.berth.cache.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
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
 * changes at once. Over a store that other nodes write too ({@link CacheSettings#tagTtl()} present), what is read is
 * trusted for the TTL only, so a tag moved on one node is seen on every other within it, and an absence is never
 * remembered, so what another node has just pushed is found at once. That a repository holds a blob, and a
 * repository's list of tags, are remembered the same way.
 */
public final class CachingRepositoryStore implements RepositoryStore, Cached {

    private record ManifestKey(RepositoryName repository, Digest digest) {
    }

    private record TagKey(RepositoryName repository, Tag tag) {
    }

    private record LinkKey(RepositoryName repository, Digest digest) {
    }

    private final RepositoryStore delegate;
    private final boolean shared;
    private final Cache<ManifestKey, Optional<ManifestRecord>> manifests;
    private final Cache<TagKey, Optional<Digest>> tags;
    private final Cache<LinkKey, Boolean> links;   // only blobs a repository holds: absence is asked every time
    private final Cache<RepositoryName, List<Tag>> tagLists;
    /** The catalog, remembered only while no other node writes the store. */
    private final Optional<CachedCatalog> catalog;

    public CachingRepositoryStore(RepositoryStore delegate, CacheSettings settings) {
        this.delegate = delegate;
        this.shared = settings.tagTtl().isPresent();
        this.manifests = cache(settings);
        this.tags = cache(settings);
        this.links = cache(settings);
        Caffeine<Object, Object> lists = Caffeine.newBuilder().maximumWeight(2_000_000).recordStats();
        settings.tagTtl().ifPresent(lists::expireAfterWrite);
        this.tagLists = lists.weigher((RepositoryName name, List<Tag> tags) -> tags.size() + 1).build();
        this.catalog = shared ? Optional.empty() : Optional.of(new CachedCatalog(delegate::repositories));
    }

    /** Tells the catalog that the repository was written to (and may be new). */
    private void written(RepositoryName repository) {
        catalog.ifPresent(names -> names.written(repository));
    }

    private static <K, V> Cache<K, V> cache(CacheSettings settings) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(50_000).recordStats();
        settings.tagTtl().ifPresent(builder::expireAfterWrite);
        return builder.build();
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) throws IOException {
        delegate.linkBlob(repository, digest);
        written(repository);
        links.put(new LinkKey(repository, digest), true);
    }

    @Override
    public boolean hasBlob(RepositoryName repository, Digest digest) throws IOException {
        LinkKey key = new LinkKey(repository, digest);
        if (links.getIfPresent(key) != null) {
            return true;
        }
        boolean linked = delegate.hasBlob(repository, digest);
        if (linked) {
            links.put(key, true);
        }
        return linked;
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) throws IOException {
        try {
            return delegate.unlinkBlob(repository, digest);
        } finally {
            links.invalidate(new LinkKey(repository, digest));
        }
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) throws IOException {
        delegate.putManifest(repository, manifest);
        written(repository);
        manifests.invalidate(new ManifestKey(repository, manifest.digest()));
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) throws IOException {
        return load(manifests, new ManifestKey(repository, digest), () -> delegate.manifest(repository, digest));
    }

    @Override
    public Optional<ManifestRecord> manifestStored(RepositoryName repository, Digest digest) throws IOException {
        manifests.invalidate(new ManifestKey(repository, digest));
        return manifest(repository, digest);
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        try {
            return delegate.deleteManifest(repository, digest);
        } finally {
            manifests.invalidate(new ManifestKey(repository, digest));
            links.invalidate(new LinkKey(repository, digest));
            tags.asMap().keySet().removeIf(key -> key.repository().equals(repository));
            tagLists.invalidate(repository);
        }
    }

    @Override
    public void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException {
        try {
            delegate.tag(repository, tag, digest);
        } finally {
            tags.invalidate(new TagKey(repository, tag));
            tagLists.invalidate(repository);
            written(repository);
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
            tagLists.invalidate(repository);
        }
    }

    @Override
    public void recordPull(RepositoryName repository, Digest digest, Instant at) throws IOException {
        delegate.recordPull(repository, digest, at);
    }

    @Override
    public Optional<Instant> lastPulled(RepositoryName repository, Digest digest) throws IOException {
        return delegate.lastPulled(repository, digest);
    }

    @Override
    public List<Digest> manifests(RepositoryName repository) throws IOException {
        return delegate.manifests(repository);
    }

    @Override
    public List<Digest> blobLinks(RepositoryName repository) throws IOException {
        return delegate.blobLinks(repository);
    }

    @Override
    public List<Tag> tags(RepositoryName repository) throws IOException {
        try {
            List<Tag> listed = tagLists.get(repository, name -> {
                try {
                    List<Tag> found = delegate.tags(name);
                    return shared && found.isEmpty() ? null : found;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return listed == null ? List.of() : listed;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A page of the list held, else of the store's (a page does not fill the cache). */
    @Override
    public List<Tag> tags(RepositoryName repository, Optional<String> after, int limit) throws IOException {
        List<Tag> held = tagLists.getIfPresent(repository);
        if (held == null) {
            return delegate.tags(repository, after, limit);
        }
        return held.stream().filter(tag -> after.isEmpty() || tag.value().compareTo(after.get()) > 0).limit(limit)
                .toList();
    }

    @Override
    public List<RepositoryName> repositories(Optional<String> after, int limit) throws IOException {
        return catalog.isPresent() ? catalog.get().after(after, limit) : delegate.repositories(after, limit);
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
            links.asMap().keySet().removeIf(key -> key.repository().equals(repository));
            tagLists.invalidate(repository);
            catalog.ifPresent(CachedCatalog::deleted);
        }
    }

    @Override
    public Optional<Instant> deletedAt(RepositoryName repository) throws IOException {
        return delegate.deletedAt(repository);
    }

    @Override
    public List<RepositoryName> repositories() throws IOException {
        return catalog.isPresent() ? catalog.get().all() : delegate.repositories();
    }

    @Override
    public List<CacheStatistics> cacheStatistics() {
        return List.of(CacheStatistics.of("tags", tags), CacheStatistics.of("manifest-records", manifests),
                CacheStatistics.of("blob-links", links), CacheStatistics.of("tag-lists", tagLists));
    }

    private interface Loader<V> {
        Optional<V> load() throws IOException;
    }

    /** The cached answer, else the store's, remembered unless it is an absence in a shared store. */
    private <K, V> Optional<V> load(Cache<K, Optional<V>> cache, K key, Loader<V> loader) throws IOException {
        try {
            Optional<V> found = cache.get(key, k -> {
                try {
                    Optional<V> loaded = loader.load();
                    return shared && loaded.isEmpty() ? null : loaded;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return found == null ? Optional.empty() : found;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
