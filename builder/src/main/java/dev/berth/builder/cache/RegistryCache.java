package dev.berth.builder.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.client.ImagePuller;
import dev.berth.client.ImagePusher;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A build cache kept in a registry, so CI machines share it: an OCI artifact whose config lists cache keys and their
 * layers, and whose layers are those layers. Imported entries fetch their layer only when a build hits them.
 */
public final class RegistryCache {

    public static final String ARTIFACT_TYPE = "application/vnd.berth.build-cache.v1";
    public static final String CONFIG_TYPE = "application/vnd.berth.build-cache.config.v1+json";

    /** The config: cache key digest to the layer it stands for, and to when that layer was made. */
    record Index(Map<String, Layer> entries, Map<String, String> created) {
    }

    private final ContentStore store;
    private final ObjectMapper json = OciJson.mapper();

    public RegistryCache(ContentStore store) {
        this.store = store;
    }

    /** Pushes the entries as the cache artifact tagged {@code reference}. */
    public void export(List<CacheEntry> entries, Reference reference, ImagePusher pusher) throws IOException {
        Map<String, Layer> index = new LinkedHashMap<>();
        Map<String, String> created = new LinkedHashMap<>();
        for (CacheEntry entry : entries) {
            index.put(entry.key().digest().toString(), entry.layer());
            created.put(entry.key().digest().toString(), entry.created().toString());
        }
        Descriptor config = store.put(CONFIG_TYPE, json.writeValueAsBytes(new Index(index, created)));
        List<Descriptor> layers = index.values().stream().map(Layer::blob).distinct().toList();
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, ARTIFACT_TYPE, config, layers, null,
                null);
        Descriptor manifestBlob = store.put(MediaType.OCI_MANIFEST, json.writeValueAsBytes(manifest));
        List<Descriptor> blobs = new ArrayList<>(layers);
        blobs.add(config);
        pusher.push(manifestBlob, blobs, reference);
    }

    /** Reads the cache artifact's index; the layers stay in the registry until a build needs one. */
    public Map<CacheKey, CacheEntry> importFrom(Reference reference, ImagePuller puller) throws IOException {
        ParsedManifest manifest = puller.manifest(reference);
        if (!(manifest.manifest() instanceof ImageManifest image)
                || !CONFIG_TYPE.equals(image.config().mediaType())) {
            throw new IOException(reference + " is not a Berth build cache (export one with --cache-to)");
        }
        puller.blob(reference, image.config());
        Index index = json.readValue(store.read(image.config().digest()), Index.class);
        Map<CacheKey, CacheEntry> entries = new LinkedHashMap<>();
        Map<String, String> created = index.created() == null ? Map.of() : index.created();
        for (var entry : index.entries().entrySet()) {
            CacheKey key = new CacheKey(Digest.parse(entry.getKey()));
            String time = created.get(entry.getKey());
            entries.put(key, new CacheEntry(key, entry.getValue(), time == null ? Instant.EPOCH : Instant.parse(time)));
        }
        return entries;
    }
}
