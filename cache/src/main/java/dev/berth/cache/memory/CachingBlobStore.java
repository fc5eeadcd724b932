package dev.berth.cache.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.StoredBlob;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * Keeps what is small and asked for often in memory: the bytes of manifests (blobs read whole), bounded by their
 * weight, and the sizes of blobs. Both are content-addressed, so an entry never goes stale; only blobs that exist
 * are remembered (a blob another node is about to store must not be denied), and this process's deletes forget at
 * once. Streams of layers go straight to the store.
 */
public final class CachingBlobStore implements BlobStore, Cached {

    /** Blobs larger than this are never held whole (manifests are limited to 4 MiB). */
    private static final int LARGEST_HELD = 4 * 1024 * 1024;

    private final BlobStore delegate;
    private final Cache<Digest, byte[]> bytes;
    private final Cache<Digest, BlobInfo> stats;

    public CachingBlobStore(BlobStore delegate, CacheSettings settings) {
        this.delegate = delegate;
        // Garbage collection on another node deletes blobs: where nodes share the store, sizes are trusted a while.
        Caffeine<Object, Object> statsBuilder = Caffeine.newBuilder().maximumSize(100_000).recordStats();
        settings.tagTtl().ifPresent(statsBuilder::expireAfterWrite);
        this.stats = statsBuilder.build();
        this.bytes = Caffeine.newBuilder().maximumWeight(settings.manifestBytes())
                .weigher((Digest digest, byte[] content) -> content.length).recordStats().build();
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) throws IOException {
        BlobInfo known = stats.getIfPresent(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<BlobInfo> info = delegate.stat(digest);
        info.ifPresent(found -> stats.put(digest, found));
        return info;
    }

    @Override
    public Optional<BlobInfo> statStored(Digest digest) throws IOException {
        Optional<BlobInfo> info = delegate.stat(digest);
        info.ifPresentOrElse(found -> stats.put(digest, found), () -> {
            stats.invalidate(digest);
            bytes.invalidate(digest);
        });
        return info;
    }

    @Override
    public List<StoredBlob> list(Optional<Digest> after, int limit) throws IOException {
        return delegate.list(after, limit);
    }

    @Override
    public byte[] readAll(Digest digest) throws IOException {
        byte[] held = bytes.getIfPresent(digest);
        if (held != null) {
            return held;
        }
        byte[] content = delegate.readAll(digest);
        if (content.length <= LARGEST_HELD) {
            bytes.put(digest, content);
        }
        return content;
    }

    @Override
    public Optional<URI> downloadUrl(Digest digest) throws IOException {
        return delegate.downloadUrl(digest);
    }

    @Override
    public InputStream open(Digest digest, long offset) throws IOException {
        return delegate.open(digest, offset);
    }

    @Override
    public void transferTo(Digest digest, long offset, long length, WritableByteChannel target) throws IOException {
        delegate.transferTo(digest, offset, length, target);
    }

    @Override
    public boolean sendsFiles() {
        return delegate.sendsFiles();
    }

    @Override
    public BlobInfo put(Digest digest, byte[] content) throws IOException {
        BlobInfo info = delegate.put(digest, content);
        stats.put(digest, info);
        if (content.length <= LARGEST_HELD) {
            bytes.put(digest, content);
        }
        return info;
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        try {
            return delegate.delete(digest);
        } finally {
            stats.invalidate(digest);
            bytes.invalidate(digest);
        }
    }

    @Override
    public List<CacheStatistics> cacheStatistics() {
        return List.of(CacheStatistics.of("manifest-bytes", bytes), CacheStatistics.of("blob-stats", stats));
    }
}
