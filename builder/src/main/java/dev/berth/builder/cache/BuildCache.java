package dev.berth.builder.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.json.OciJson;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.store.ContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layers built before, by cache key, kept across runs under the builder's data directory. An entry is used only if
 * its layer blob is still in the content store.
 */
public final class BuildCache {

    private final Path directory;
    private final ContentStore store;
    private final ObjectMapper json = OciJson.mapper();
    private final Map<CacheKey, CacheEntry> used = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<CacheKey, Layer> remote = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile RemoteFetch fetch;

    /** Fetches a layer blob of an imported cache into the store. */
    public interface RemoteFetch {
        void fetch(Layer layer) throws IOException;
    }

    public BuildCache(Path directory, ContentStore store) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.store = store;
    }

    /** Forgets what the previous build used and imported. */
    public void reset() {
        used.clear();
        remote.clear();
    }

    /** Entries imported from a registry cache; their layers are fetched on a hit. */
    public void addRemote(Map<CacheKey, Layer> entries, RemoteFetch remoteFetch) {
        remote.putAll(entries);
        this.fetch = remoteFetch;
    }

    public Optional<Layer> find(CacheKey key) throws IOException {
        Optional<Layer> found = findLocal(key);
        if (found.isEmpty() && remote.containsKey(key)) {
            Layer layer = remote.get(key);
            fetch.fetch(layer);
            put(key, layer);
            found = Optional.of(layer);
        }
        found.ifPresent(layer -> used.put(key, new CacheEntry(key, layer)));
        return found;
    }

    /** The entries this process used or made, for exporting. */
    public List<CacheEntry> used() {
        return List.copyOf(used.values());
    }

    private Optional<Layer> findLocal(CacheKey key) throws IOException {
        Path entry = directory.resolve(key.digest().hex() + ".json");
        try {
            Layer layer = json.readValue(Files.readAllBytes(entry), Layer.class);
            return store.has(layer.blob().digest()) ? Optional.of(layer) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            Files.deleteIfExists(entry);
            return Optional.empty();
        }
    }

    public void put(CacheKey key, Layer layer) throws IOException {
        used.put(key, new CacheEntry(key, layer));
        Path temp = Files.createTempFile(directory, "entry", ".tmp");
        Files.write(temp, json.writeValueAsBytes(layer));
        Files.move(temp, directory.resolve(key.digest().hex() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
