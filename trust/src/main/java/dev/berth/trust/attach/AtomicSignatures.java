package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.trust.verify.OpenPgpVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * GPG simple signing ("atomic") signatures kept in a registry beside the image, as OCI referrers of Berth's own
 * artifact type, each with the name containers/image gave it. Berth's registry serves them to skopeo and podman
 * through the {@code X-Registry-Supports-Signatures} API extension, and Berth reads them through the referrers API
 * of any registry.
 */
public final class AtomicSignatures {

    /** The artifact type (and layer media type) of a simple signing signature stored as a referrer. */
    public static final String ARTIFACT_TYPE = "application/vnd.dev.berth.atomic-signature.v1";
    /** The annotation holding the signature's name ({@code <digest>@<unique name>}). */
    public static final String NAME = "dev.berth.signature.name";

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);

    private final ReferrerReader reader = new ReferrerReader();

    /** A stored signature: its name and bytes. */
    public record Stored(String name, byte[] signature) {
    }

    /** Stores a signature of the image whose manifest this is, under its name; returns the referrer's digest. */
    public Digest attach(ArtifactRepository repository, Descriptor image, String name, byte[] signature)
            throws IOException {
        Descriptor config = Descriptor.of(MediaType.OCI_EMPTY, Digest.sha256(EMPTY), EMPTY.length);
        Descriptor layer = Descriptor.of(ARTIFACT_TYPE, Digest.sha256(signature), signature.length);
        repository.pushBlob(config, EMPTY);
        repository.pushBlob(layer, signature);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, ARTIFACT_TYPE, config, List.of(layer),
                Descriptor.of(image.mediaType(), image.digest(), image.size()), Map.of(NAME, name));
        RawManifest raw = RawManifest.of(MediaType.OCI_MANIFEST, OciJson.mapper().writeValueAsBytes(manifest));
        repository.pushManifest(raw.digest().toString(), raw);
        return raw.digest();
    }

    /** The stored signatures of an image, with their names. */
    public List<Stored> list(ArtifactRepository repository, Digest image) throws IOException {
        return reader.read(repository, image, ARTIFACT_TYPE, OpenPgpVerifier.MAXIMUM_BYTES,
                (referrer, layer, content) -> new Stored(name(referrer, image, layer), content)).artifacts();
    }

    /** The stored signatures of an image, for verification. */
    public FoundSignatures read(ArtifactRepository repository, Digest image) throws IOException {
        ReferrerReader.Read<byte[]> read = reader.read(repository, image, ARTIFACT_TYPE,
                OpenPgpVerifier.MAXIMUM_BYTES, (referrer, layer, content) -> content);
        return new FoundSignatures(read.artifacts(), List.of(), List.of(), List.of(), read.skipped());
    }

    /** The name it was stored under, else one made from its digest. */
    private static String name(Descriptor referrer, Digest image, Descriptor layer) {
        String name = referrer.annotations() == null ? null : referrer.annotations().get(NAME);
        return name != null ? name : image + "@" + layer.digest().hex().substring(0, 32);
    }
}
