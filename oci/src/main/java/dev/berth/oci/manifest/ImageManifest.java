package dev.berth.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** An OCI image manifest, or a Docker schema 2 manifest, which has the same shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) implements Manifest {

    public ImageManifest {
        Objects.requireNonNull(config, "an image manifest needs a config descriptor");
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    @Override
    public List<Descriptor> blobs() {
        return Stream.concat(Stream.of(config), layers.stream()).toList();
    }

    @Override
    public List<Descriptor> children() {
        return List.of();
    }
}
