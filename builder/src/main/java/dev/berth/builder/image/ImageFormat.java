package dev.berth.builder.image;

import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.MediaType;

/**
 * The media types an image is written with: OCI's, or Docker's image manifest v2 schema 2, which some tools read
 * better (podman ignores HEALTHCHECK in OCI configs). Only the descriptors differ; config and layer bytes are the same.
 */
public enum ImageFormat {
    OCI(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG),
    DOCKER(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_CONFIG);

    private final String manifestType;
    private final String configType;

    ImageFormat(String manifestType, String configType) {
        this.manifestType = manifestType;
        this.configType = configType;
    }

    public String manifestType() {
        return manifestType;
    }

    public String configType() {
        return configType;
    }

    /** A layer's descriptor with this format's media type. */
    public Descriptor layer(Descriptor layer) {
        if (this == OCI) {
            return layer;
        }
        String type = switch (layer.mediaType()) {
            case MediaType.OCI_LAYER_GZIP -> MediaType.DOCKER_LAYER_GZIP;
            case MediaType.OCI_LAYER -> "application/vnd.docker.image.rootfs.diff.tar";
            default -> throw new IllegalArgumentException("Docker's image format has no layers of type "
                    + layer.mediaType() + "; use --format oci, or gzip compression");
        };
        return Descriptor.of(type, layer.digest(), layer.size());
    }
}
