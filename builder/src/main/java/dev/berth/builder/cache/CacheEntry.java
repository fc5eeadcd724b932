package dev.berth.builder.cache;

import dev.berth.builder.layer.Layer;
import java.time.Instant;

/**
 * A cached step: its key, the layer it produced, and when that layer was first made, which its history entry keeps
 * on every rebuild (as BuildKit keeps a cache record's creation time), so that cached rebuilds give the same image.
 */
public record CacheEntry(CacheKey key, Layer layer, Instant created) {
}
