package dev.berth.cache.memory;

import java.time.Duration;
import java.util.Optional;

/**
 * How much a node keeps in memory, and for how long.
 *
 * @param manifestBytes the most bytes of manifests (and other small blobs read whole) held, by digest
 * @param tagTtl        how long a tag or manifest record read from a store that other nodes also write is trusted
 *                      before it is read again; empty for a store only this process writes, where its own writes
 *                      invalidate what they change and nothing needs to expire
 */
public record CacheSettings(long manifestBytes, Optional<Duration> tagTtl) {

    public static final long DEFAULT_MANIFEST_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_TAG_TTL = Duration.ofSeconds(5);

    public CacheSettings {
        if (manifestBytes < 0) {
            throw new IllegalArgumentException("the manifest cache cannot hold a negative number of bytes");
        }
        if (tagTtl.isPresent() && (tagTtl.get().isNegative() || tagTtl.get().isZero())) {
            throw new IllegalArgumentException("a tag TTL must be positive");
        }
    }

    /** For a store only this process writes. */
    public static CacheSettings exclusive() {
        return new CacheSettings(DEFAULT_MANIFEST_BYTES, Optional.empty());
    }

    /** For a store several nodes write, with the default TTL. */
    public static CacheSettings shared() {
        return new CacheSettings(DEFAULT_MANIFEST_BYTES, Optional.of(DEFAULT_TAG_TTL));
    }
}
