package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Gathers every signature of an image that Berth reads: simple signing signatures from the lookaside storage that
 * registries.d names and from the registry (as referrers); cosign signatures, Sigstore bundles and Notary signatures
 * from the image's repository. Unlike
 * containers/image, cosign attachments are always read (verifying more formats never accepts more images: the policy
 * decides which format counts).
 */
public final class SignatureFinder {

    private final RegistriesD registries;
    private final Lookaside lookaside;
    private final CosignTag cosign = new CosignTag();
    private final BundleReferrers bundles = new BundleReferrers();
    private final NotationReferrers notation = new NotationReferrers();
    private final AtomicSignatures atomic = new AtomicSignatures();

    public SignatureFinder(RegistriesD registries, Lookaside lookaside) {
        this.registries = registries;
        this.lookaside = lookaside;
    }

    /**
     * The signatures of the manifest with this digest.
     *
     * @param repository where the image lives
     * @param image      the image's name as it is pulled
     * @param manifest   the digest of the manifest pulled
     */
    public FoundSignatures find(ArtifactRepository repository, Reference image, Digest manifest) throws IOException {
        Optional<URI> base = registries.readFrom(image);
        List<byte[]> simple = base.isPresent() ? lookaside.read(base.get(), image, manifest) : List.of();
        return FoundSignatures.simpleSigning(simple).and(cosign.read(repository, manifest))
                .and(bundles.read(repository, manifest)).and(notation.read(repository, manifest))
                .and(atomic.read(repository, manifest));
    }
}
