package dev.berth.cache.memory;

import java.util.List;

/** A store that answers some lookups from memory, and says how that went. */
public interface Cached {

    List<CacheStatistics> cacheStatistics();
}
