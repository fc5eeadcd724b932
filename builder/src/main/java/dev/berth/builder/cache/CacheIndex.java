package dev.berth.builder.cache;

import dev.berth.builder.layer.Layer;
import dev.berth.oci.digest.Digest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an exported build cache, wherever it is kept (a registry artifact's config, a local layout, an image's
 * config inline): cache key digest to the layer it stands for, and to when that layer was made.
 */
public record CacheIndex(Map<String, Layer> entries, Map<String, String> created) {

    /** The key of an inline cache in an image's config. */
    public static final String INLINE_FIELD = "berth.cache.v1";

    public static CacheIndex of(List<CacheEntry> used) {
        Map<String, Layer> entries = new LinkedHashMap<>();
        Map<String, String> created = new LinkedHashMap<>();
        for (CacheEntry entry : used) {
            entries.put(entry.key().digest().toString(), entry.layer());
            created.put(entry.key().digest().toString(), entry.created().toString());
        }
        return new CacheIndex(entries, created);
    }

    /** The entries, keyed; an entry without a time (an older export) counts as made at the epoch. */
    public Map<CacheKey, CacheEntry> toEntries() {
        Map<CacheKey, CacheEntry> result = new LinkedHashMap<>();
        Map<String, String> times = created == null ? Map.of() : created;
        for (var entry : (entries == null ? Map.<String, Layer>of() : entries).entrySet()) {
            CacheKey key = new CacheKey(Digest.parse(entry.getKey()));
            String time = times.get(entry.getKey());
            result.put(key, new CacheEntry(key, entry.getValue(), time == null ? Instant.EPOCH : Instant.parse(time)));
        }
        return result;
    }
}
