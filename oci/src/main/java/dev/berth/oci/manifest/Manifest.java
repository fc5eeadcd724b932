package dev.berth.oci.manifest;

import java.util.List;
import java.util.Map;

/** What the manifests endpoint holds: a single image (or artifact) manifest, or an index of manifests. */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    int schemaVersion();

    String mediaType();

    String artifactType();

    Descriptor subject();

    Map<String, String> annotations();

    /** Blobs this manifest needs: the config and layers of an image manifest, none for an index. */
    List<Descriptor> blobs();

    /** Manifests this manifest needs: the entries of an index, none for an image manifest. */
    List<Descriptor> children();

    /**
     * The artifact type a referrers listing shows for this manifest: its own {@code artifactType}, else for an image
     * manifest the config's media type, else none.
     */
    default String effectiveArtifactType() {
        if (artifactType() != null && !artifactType().isEmpty()) {
            return artifactType();
        }
        return switch (this) {
            case ImageManifest image -> image.config().mediaType();
            case ImageIndex index -> null;
        };
    }
}
