package dev.berth.registry.signature;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.trust.attach.BundleReferrers;
import dev.berth.trust.attach.CosignTag;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.attach.NotationReferrers;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.Requirement;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The registry's own signature policy: a pull of a manifest whose scope (this registry's name and the repository)
 * requires signatures is refused unless the signatures stored beside it (cosign's {@code .sig} tag, Sigstore bundles
 * and Notary signatures as referrers) satisfy the policy. Verdicts are remembered per repository, manifest and
 * reference, and forgotten when a signature of that manifest is pushed or deleted (on this node at once; on others
 * after {@code cacheFor}).
 * Signatures themselves (referrers, cosign's tags) are never held back: clients read them to verify. Nor is a
 * {@code HEAD}, which tells a digest, size and type and no content: signers resolve what they sign with it.
 */
public final class SignatureEnforcement {

    private final Settings settings;
    private final Storage storage;
    private final ManifestPush push;
    private final PolicyEvaluator evaluator;
    private final CosignTag cosign = new CosignTag();
    private final BundleReferrers bundles = new BundleReferrers();
    private final NotationReferrers notation = new NotationReferrers();
    private final Cache<Key, PolicyEvaluator.Verdict> verdicts;

    /**
     * What the registry enforces.
     *
     * @param policy       a containers-policy.json, whose docker scopes name this registry as {@code registryName}
     * @param registryName the registry's name as signatures and scopes give it ({@code registry.example.com})
     * @param cacheFor     how long a verdict is remembered
     */
    public record Settings(Policy policy, String registryName, Duration cacheFor) {
    }

    private record Key(RepositoryName repository, Digest manifest, String reference) {
    }

    public SignatureEnforcement(Settings settings, Storage storage, Clock clock) {
        this.settings = settings;
        this.storage = storage;
        this.push = new ManifestPush(storage, clock);
        this.evaluator = new PolicyEvaluator(settings.policy(), clock);
        this.verdicts = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.cacheFor()).build();
    }

    /**
     * Admits a pull of the manifest by the reference used, or refuses it with 403 DENIED naming the manifest, the
     * policy's scope and requirement, and the reason.
     */
    public void admit(RepositoryName repository, Tag tag, RawManifest manifest, boolean signatureArtifact)
            throws RegistryException, IOException {
        if (signatureArtifact || tag != null && SignatureTags.isSignatureTag(tag.value())) {
            return;
        }
        Reference image = new Reference(settings.registryName(), repository, tag, tag == null ? manifest.digest()
                : null);
        Policy.Scoped scoped = settings.policy().forImage(image);
        if (scoped.requirements().stream().allMatch(Requirement.InsecureAcceptAnything.class::isInstance)) {
            return;
        }
        Key key = new Key(repository, manifest.digest(), tag == null ? manifest.digest().toString() : tag.value());
        PolicyEvaluator.Verdict verdict = verdicts.getIfPresent(key);
        if (verdict == null) {
            verdict = evaluator.evaluate(image, manifest.bytes(), signatures(repository, manifest.digest()));
            verdicts.put(key, verdict);
        }
        if (verdict instanceof PolicyEvaluator.Verdict.Rejected rejected) {
            throw RegistryException.of(ErrorCode.DENIED, "manifest " + manifest.digest() + " of " + repository
                    + " is not signed as this registry's policy requires (scope " + rejected.scope()
                    + ", requirement " + (rejected.requirement() + 1) + "): " + rejected.reason());
        }
    }

    /** Forgets the verdicts on a manifest whose signatures changed. */
    public void signaturesChanged(RepositoryName repository, Digest manifest) {
        verdicts.asMap().keySet().removeIf(key -> key.repository().equals(repository)
                && key.manifest().equals(manifest));
    }

    private FoundSignatures signatures(RepositoryName repository, Digest manifest) throws IOException {
        StoredRepository stored = repository(repository);
        return cosign.read(stored, manifest).and(bundles.read(stored, manifest)).and(notation.read(stored,
                manifest));
    }

    /** The repository as signatures name it and as signatures are written to it. */
    StoredRepository repository(RepositoryName repository) {
        return new StoredRepository(storage, repository, settings.registryName() + "/" + repository, push);
    }
}
