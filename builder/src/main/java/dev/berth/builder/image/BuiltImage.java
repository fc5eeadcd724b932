package dev.berth.builder.image;

import dev.berth.builder.layer.Layer;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import java.util.List;

/** An image in the content store: its manifest and config descriptors, its config and its layers. */
public record BuiltImage(Descriptor manifest, Descriptor configBlob, ImageConfig config, List<Layer> layers) {

    public BuiltImage {
        layers = List.copyOf(layers);
    }

    /** The blobs the manifest references: the config, then the layers. */
    public List<Descriptor> blobs() {
        List<Descriptor> blobs = new java.util.ArrayList<>();
        blobs.add(configBlob);
        layers.forEach(layer -> blobs.add(layer.blob()));
        return List.copyOf(blobs);
    }
}
