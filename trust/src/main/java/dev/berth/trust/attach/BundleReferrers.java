package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.BundleParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Sigstore bundles attached to an image as OCI 1.1 referrers, as {@code cosign sign} (v3) attaches them: a manifest
 * whose subject is the image, whose artifact type is the bundle's media type, with an empty config and the bundle as
 * its one layer. Registries without the referrers API get the referrers tag schema, through the repository.
 */
public final class BundleReferrers {

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTENT = "dev.sigstore.bundle.content";
    private static final String PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";

    private final ReferrerReader reader = new ReferrerReader();

    /** Attaches a bundle to the image whose manifest this is; returns the referrer's digest. */
    public Digest attach(ArtifactRepository repository, Descriptor image, byte[] bundle, String predicateType,
                         Clock clock) throws IOException {
        Descriptor config = Descriptor.of(MediaType.OCI_EMPTY, Digest.sha256(EMPTY), EMPTY.length);
        Descriptor layer = Descriptor.of(Bundle.MEDIA_TYPE, Digest.sha256(bundle), bundle.length);
        repository.pushBlob(config, EMPTY);
        repository.pushBlob(layer, bundle);
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, Bundle.MEDIA_TYPE, config,
                List.of(layer), Descriptor.of(image.mediaType(), image.digest(), image.size()),
                Map.of("org.opencontainers.image.created", clock.instant().truncatedTo(java.time.temporal.ChronoUnit
                        .SECONDS).toString(), CONTENT, "dsse-envelope", PREDICATE_TYPE, predicateType));
        RawManifest raw = RawManifest.of(MediaType.OCI_MANIFEST, OciJson.mapper().writeValueAsBytes(manifest));
        repository.pushManifest(raw.digest().toString(), raw);
        return raw.digest();
    }

    /** The bundles attached to an image; referrers that are not readable bundles are listed as skipped. */
    public FoundSignatures read(ArtifactRepository repository, Digest image) throws IOException {
        ReferrerReader.Read<Bundle> read = reader.read(repository, image, "application/vnd.dev.sigstore.bundle",
                BundleParser.MAXIMUM_BUNDLE, (referrer, layer, content) -> BundleParser.parse(content));
        return new FoundSignatures(List.of(), List.of(), read.artifacts(), List.of(), read.skipped());
    }
}
