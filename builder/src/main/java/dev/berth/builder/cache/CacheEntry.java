package dev.berth.builder.cache;

import dev.berth.builder.layer.Layer;

/** A cached step: its key and the layer it produced. */
public record CacheEntry(CacheKey key, Layer layer) {
}
