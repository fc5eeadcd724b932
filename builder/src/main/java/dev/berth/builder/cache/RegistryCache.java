package dev.berth.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.client.ImagePuller;
import dev.berth.client.ImagePusher;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build cache kept in a registry, so CI machines share it: an OCI artifact whose config lists cache keys and their
 * layers, and whose layers are those layers; or the inline cache an image built with {@code --cache-to type=inline}
 * carries in its config. Imported entries fetch their layer only when a build hits them.
 */
public final class RegistryCache {

    public static final String ARTIFACT_TYPE = "application/vnd.berth.build-cache.v1";
    public static final String CONFIG_TYPE = "application/vnd.berth.build-cache.config.v1+json";

    private final ContentStore store;
    private final ObjectMapper json = OciJson.mapper();

    public RegistryCache(ContentStore store) {
        this.store = store;
    }

    /** Pushes the entries as the cache artifact tagged {@code reference}. */
    public void export(List<CacheEntry> entries, Reference reference, ImagePusher pusher) throws IOException {
        CacheIndex index = CacheIndex.of(entries);
        Descriptor config = store.put(CONFIG_TYPE, json.writeValueAsBytes(index));
        List<Descriptor> layers = index.entries().values().stream().map(Layer::blob).distinct().toList();
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, ARTIFACT_TYPE, config, layers, null,
                null);
        Descriptor manifestBlob = store.put(MediaType.OCI_MANIFEST, json.writeValueAsBytes(manifest));
        List<Descriptor> blobs = new ArrayList<>(layers);
        blobs.add(config);
        pusher.push(manifestBlob, blobs, reference);
    }

    /**
     * Reads the index of a cache artifact, or of the inline cache of an image; the layers stay in the registry until a
     * build needs one.
     */
    public Map<CacheKey, CacheEntry> importFrom(Reference reference, ImagePuller puller) throws IOException {
        ParsedManifest manifest = puller.manifest(reference);
        if (!(manifest.manifest() instanceof ImageManifest image)) {
            throw new IOException(reference + " is an index, not a Berth build cache or an image with one inline");
        }
        puller.blob(reference, image.config());
        byte[] config = store.read(image.config().digest());
        if (CONFIG_TYPE.equals(image.config().mediaType())) {
            return json.readValue(config, CacheIndex.class).toEntries();
        }
        JsonNode inline = json.readTree(config).path(CacheIndex.INLINE_FIELD);
        if (inline.isMissingNode()) {
            throw new IOException(reference + " is neither a Berth build cache nor an image with its cache inline "
                    + "(build it with --cache-to type=inline)");
        }
        return json.treeToValue(inline, CacheIndex.class).toEntries();
    }
}
