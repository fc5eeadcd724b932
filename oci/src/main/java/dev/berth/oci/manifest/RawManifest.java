package dev.berth.oci.manifest;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.util.Objects;

/**
 * A manifest exactly as it was received: its media type, its bytes and the digest over those bytes.
 *
 * <p>The bytes are never re-serialized, so the digest a client computed stays valid.
 */
public record RawManifest(String mediaType, byte[] bytes, Digest digest) {

    public RawManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(digest, "digest");
    }

    /** The manifest with its digest computed over the bytes with the given algorithm. */
    public static RawManifest of(String mediaType, byte[] bytes, DigestAlgorithm algorithm) {
        return new RawManifest(mediaType, bytes, Digest.of(algorithm, bytes));
    }

    public static RawManifest of(String mediaType, byte[] bytes) {
        return of(mediaType, bytes, DigestAlgorithm.SHA256);
    }

    public long size() {
        return bytes.length;
    }

    /** A descriptor pointing at this manifest. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }
}
