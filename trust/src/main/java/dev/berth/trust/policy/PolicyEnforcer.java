package dev.berth.trust.policy;

import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.attach.SignatureFinder;
import java.io.IOException;

/**
 * Applies a policy to an image in a registry: resolves its reference once, gathers the signatures of exactly the
 * manifest bytes received, and evaluates them, so that what is accepted is pinned by digest and never resolved again.
 */
public final class PolicyEnforcer {

    private final PolicyEvaluator evaluator;
    private final SignatureFinder finder;

    public PolicyEnforcer(PolicyEvaluator evaluator, SignatureFinder finder) {
        this.evaluator = evaluator;
        this.finder = finder;
    }

    /**
     * The decision on an image.
     *
     * @param image    the reference as asked for
     * @param manifest the manifest it resolved to, exactly as received
     * @param verdict  the policy's verdict on that manifest
     */
    public record Decision(Reference image, RawManifest manifest, PolicyEvaluator.Verdict verdict) {

        /** The image pinned to the manifest that was checked. */
        public Reference pinned() {
            return image.withDigest(manifest.digest());
        }

        public boolean accepted() {
            return verdict instanceof PolicyEvaluator.Verdict.Accepted;
        }
    }

    /**
     * Resolves and checks the manifest a reference names (a tag or a digest).
     *
     * @throws IOException when the registry cannot be read or has no such image
     */
    public Decision check(ArtifactRepository repository, Reference image) throws IOException {
        RawManifest manifest = repository.manifest(image.manifestReference()).orElseThrow(() -> new IOException(
                image + " does not exist: " + repository.name() + " has no manifest " + image.manifestReference()));
        return check(repository, image, manifest);
    }

    /** Checks a manifest already fetched for the image. */
    public Decision check(ArtifactRepository repository, Reference image, RawManifest manifest) throws IOException {
        FoundSignatures signatures = finder.find(repository, image, manifest.digest());
        return new Decision(image, manifest, evaluator.evaluate(image, manifest.bytes(), signatures));
    }

    /**
     * Checks the platform's manifest of an image whose reference named an index ({@code named}; the same manifest for
     * a single-platform image), which satisfies the requirements that accept a signed index.
     */
    public Decision check(ArtifactRepository repository, Reference image, RawManifest named, RawManifest chosen)
            throws IOException {
        if (named.digest().equals(chosen.digest())) {
            return check(repository, image, chosen);
        }
        PolicyEvaluator.Signed platform = new PolicyEvaluator.Signed(chosen.bytes(), finder.find(repository, image,
                chosen.digest()));
        PolicyEvaluator.Signed index = new PolicyEvaluator.Signed(named.bytes(), finder.find(repository, image,
                named.digest()));
        return new Decision(image, chosen, evaluator.evaluate(image, platform, java.util.Optional.of(index)));
    }
}
