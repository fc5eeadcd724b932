package dev.berth.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI image index, or a Docker manifest list, which has the same shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) implements Manifest {

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** An OCI index of the given manifests, as the referrers API returns. */
    public static ImageIndex of(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaType.OCI_INDEX, null, manifests, null, null);
    }

    @Override
    public List<Descriptor> blobs() {
        return List.of();
    }

    @Override
    public List<Descriptor> children() {
        return manifests;
    }
}
