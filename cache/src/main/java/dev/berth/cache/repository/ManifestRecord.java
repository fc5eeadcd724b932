package dev.berth.cache.repository;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.Manifest;
import dev.berth.oci.manifest.RawManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a repository knows about a manifest it holds, without reading the manifest: its type and size, when it was
 * pushed, and what it references. Garbage collection, lifecycle policies and the referrers API work from these.
 *
 * @param blobs    digests of the blobs (config and layers) the manifest needs
 * @param children digests of the manifests an index lists
 * @param subject  the manifest this one refers to, or null
 */
public record ManifestRecord(
        Digest digest,
        String mediaType,
        long size,
        Instant pushedAt,
        List<Digest> blobs,
        List<Digest> children,
        Digest subject,
        String artifactType,
        Map<String, String> annotations) {

    public ManifestRecord {
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
        children = children == null ? List.of() : List.copyOf(children);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The record of a manifest pushed at the given time. */
    public static ManifestRecord of(RawManifest raw, Manifest manifest, Instant pushedAt) {
        return new ManifestRecord(
                raw.digest(),
                raw.mediaType(),
                raw.size(),
                pushedAt,
                manifest.blobs().stream().map(Descriptor::digest).toList(),
                manifest.children().stream().map(Descriptor::digest).toList(),
                manifest.subject() == null ? null : manifest.subject().digest(),
                manifest.effectiveArtifactType(),
                manifest.annotations());
    }

    /** The descriptor the referrers API lists for this manifest. */
    public Descriptor referrerDescriptor() {
        return new Descriptor(mediaType, digest, size, null, annotations.isEmpty() ? null : annotations, null, null,
                artifactType);
    }
}
