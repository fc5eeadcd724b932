package dev.berth.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.oci.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A typed, sized pointer to content by digest, as the OCI image spec defines it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        String data,
        Platform platform,
        String artifactType) {

    public Descriptor {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor has no mediaType");
        }
        Objects.requireNonNull(digest, "descriptor has no digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor of " + digest + " has a negative size " + size);
        }
        urls = urls == null ? null : List.copyOf(urls);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null);
    }

    public Descriptor withArtifactType(String type) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, platform, type);
    }

    public Descriptor withAnnotations(Map<String, String> values) {
        return new Descriptor(mediaType, digest, size, urls, values, data, platform, artifactType);
    }

    public Descriptor withPlatform(Platform value) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, value, artifactType);
    }
}
