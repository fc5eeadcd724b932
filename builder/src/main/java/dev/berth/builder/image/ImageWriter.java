package dev.berth.builder.image;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import dev.berth.oci.manifest.ImageManifest;
import java.io.IOException;
import java.util.List;

/** Writes an image's config and OCI manifest into the content store. */
public final class ImageWriter {

    private final ContentStore store;
    private final ObjectMapper json = OciJson.mapper();

    public ImageWriter(ContentStore store) {
        this.store = store;
    }

    /** Writes the config and a manifest of the given format; the layers' bytes are the same in every format. */
    public BuiltImage write(ImageConfig config, List<Layer> layers, ImageFormat format) throws IOException {
        return write(config, layers, format, java.util.Map.of());
    }

    /**
     * Writes the config, with extension fields beside the image spec's own (such as an inline build cache), and a
     * manifest of the given format.
     */
    public BuiltImage write(ImageConfig config, List<Layer> layers, ImageFormat format,
                            java.util.Map<String, Object> extensions) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree = json.valueToTree(config);
        extensions.forEach((field, value) -> tree.set(field, json.valueToTree(value)));
        Descriptor configBlob = store.put(format.configType(), json.writeValueAsBytes(tree));
        List<Layer> described = layers.stream().map(layer -> new Layer(format.layer(layer.blob()), layer.diffId()))
                .toList();
        ImageManifest manifest = new ImageManifest(2, format.manifestType(), null, configBlob,
                described.stream().map(Layer::blob).toList(), null, null);
        Descriptor manifestBlob = store.put(format.manifestType(), json.writeValueAsBytes(manifest));
        return new BuiltImage(manifestBlob, configBlob, config, described);
    }

    /** Reads an image back from the store by its manifest descriptor. */
    public BuiltImage read(Descriptor manifestDescriptor) throws IOException {
        ImageManifest manifest = readJson(manifestDescriptor.digest(), "manifest", ImageManifest.class);
        ImageConfig config = readJson(manifest.config().digest(), "config", ImageConfig.class);
        List<Digest> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
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

    private <T> T readJson(Digest digest, String what, Class<T> type) throws IOException {
        try {
            return json.readValue(store.read(digest), type);
        } catch (JacksonException e) {
            throw new IOException("the image " + what + " " + digest + " is not a valid " + what + ": "
                    + e.getOriginalMessage());
        }
    }
}
