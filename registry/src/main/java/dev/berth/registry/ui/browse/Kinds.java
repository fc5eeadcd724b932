package dev.berth.registry.ui.browse;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.oci.manifest.MediaType;

/** Short names for what a manifest is, for tables; the full media type goes beside them. */
final class Kinds {

    private Kinds() {
    }

    static String of(ManifestRecord record) {
        String type = record.mediaType();
        String artifact = record.artifactType();
        boolean image = artifact == null || artifact.equals(MediaType.OCI_CONFIG)
                || artifact.equals(MediaType.DOCKER_CONFIG);
        if (type.equals(MediaType.OCI_INDEX)) {
            return artifact == null ? "OCI index" : "artifact index";
        }
        if (type.equals(MediaType.DOCKER_MANIFEST_LIST)) {
            return "Docker manifest list";
        }
        if (type.equals(MediaType.DOCKER_MANIFEST)) {
            return "Docker image";
        }
        if (type.equals(MediaType.OCI_MANIFEST)) {
            return image ? "OCI image" : "artifact";
        }
        return type;
    }
}
