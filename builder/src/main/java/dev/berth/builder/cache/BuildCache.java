package dev.berth.builder.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.oci.json.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
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
    private final Map<CacheKey, CacheEntry> remote = new java.util.concurrent.ConcurrentHashMap<>();
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

    /** How an entry is kept on disk. */
    private record Stored(Layer layer, String created) {
    }

    /** Entries imported from a registry cache; their layers are fetched on a hit. */
    public void addRemote(Map<CacheKey, CacheEntry> entries, RemoteFetch remoteFetch) {
        remote.putAll(entries);
        this.fetch = remoteFetch;
    }

    public Optional<CacheEntry> find(CacheKey key) throws IOException {
        Optional<CacheEntry> found = findLocal(key);
        if (found.isEmpty() && remote.containsKey(key)) {
            CacheEntry entry = remote.get(key);
            fetch.fetch(entry.layer());
            put(entry);
            found = Optional.of(entry);
        }
        found.ifPresent(entry -> used.put(key, entry));
        return found;
    }

    /** The entries this process used or made, for exporting. */
    public List<CacheEntry> used() {
        return List.copyOf(used.values());
    }

    private Optional<CacheEntry> findLocal(CacheKey key) throws IOException {
        Path entry = directory.resolve(key.digest().hex() + ".json");
        try {
            Stored stored = json.readValue(Files.readAllBytes(entry), Stored.class);
            if (stored.layer() == null || stored.created() == null) {
                Files.deleteIfExists(entry);
                return Optional.empty();
            }
            return store.has(stored.layer().blob().digest())
                    ? Optional.of(new CacheEntry(key, stored.layer(), Instant.parse(stored.created())))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException | java.time.format.DateTimeParseException e) {
            Files.deleteIfExists(entry);
            return Optional.empty();
        }
    }

    /** Records the layer a step made, and when. */
    public void put(CacheEntry entry) throws IOException {
        used.put(entry.key(), entry);
        Path temp = Files.createTempFile(directory, "entry", ".tmp");
        Files.write(temp, json.writeValueAsBytes(new Stored(entry.layer(), entry.created().toString())));
        Files.move(temp, directory.resolve(entry.key().digest().hex() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
