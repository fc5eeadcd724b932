package dev.berth.cache.memory;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * How one in-memory cache has done since the process started.
 *
 * @param name      what it holds, as metrics name it ({@code manifest-bytes}, {@code blob-stats}, {@code tags},
 *                  {@code manifest-records})
 * @param hits      lookups answered from memory
 * @param misses    lookups that went to the store
 * @param evictions entries dropped for room or age
 * @param entries   entries held now
 */
public record CacheStatistics(String name, long hits, long misses, long evictions, long entries) {

    static CacheStatistics of(String name, Cache<?, ?> cache) {
        var stats = cache.stats();
        return new CacheStatistics(name, stats.hitCount(), stats.missCount(), stats.evictionCount(),
                cache.estimatedSize());
    }
}
