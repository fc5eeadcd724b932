package dev.berth.builder.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.store.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.util.List;

/** Writes an image's config and OCI manifest into the content store. */
public final class ImageWriter {

    private final ContentStore store;
    private final ObjectMapper json = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public ImageWriter(ContentStore store) {
        this.store = store;
    }

    public BuiltImage write(ImageConfig config, List<Layer> layers) throws IOException {
        Descriptor configBlob = store.put(MediaType.OCI_CONFIG, json.writeValueAsBytes(config));
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, null, configBlob,
                layers.stream().map(Layer::blob).toList(), null, null);
        Descriptor manifestBlob = store.put(MediaType.OCI_MANIFEST, json.writeValueAsBytes(manifest));
        return new BuiltImage(manifestBlob, configBlob, config, layers);
    }

    /** Reads an image back from the store by its manifest descriptor. */
    public BuiltImage read(Descriptor manifestDescriptor) throws IOException {
        ImageManifest manifest = json.readValue(store.read(manifestDescriptor.digest()), ImageManifest.class);
        ImageConfig config = json.readValue(store.read(manifest.config().digest()), ImageConfig.class);
        List<dev.berth.oci.digest.Digest> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new IOException("image " + manifestDescriptor.digest() + " has " + manifest.layers().size()
                    + " layers but its config lists " + diffIds.size() + " diff IDs");
        }
        List<Layer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(new Layer(manifest.layers().get(i), diffIds.get(i)));
        }
        return new BuiltImage(manifestDescriptor, manifest.config(), config, layers);
    }
}
