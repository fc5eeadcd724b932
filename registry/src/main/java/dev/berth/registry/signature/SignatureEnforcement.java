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
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.Requirement;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
    private final PolicyEvaluator evaluator;
    private final StoredSignatures stored;
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

    /** A verdict's key: the manifest, and the tag it was pulled by (null: by digest), which identity rules read. */
    private record Key(RepositoryName repository, Digest manifest, String tag) {
    }

    public SignatureEnforcement(Settings settings, Storage storage, Clock clock, ManifestPush push) {
        this.settings = settings;
        this.stored = new StoredSignatures(storage, settings.registryName(), push);
        this.evaluator = new PolicyEvaluator(settings.policy(), clock);
        this.verdicts = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.cacheFor()).build();
    }

    /** The manifest's bytes, read only when a verdict is not cached. */
    @FunctionalInterface
    public interface ManifestBytes {
        byte[] read() throws IOException;
    }

    /**
     * Admits a pull of the manifest by the reference used, or refuses it with 403 DENIED naming the manifest, the
     * policy's scope and requirement, and the reason. A remembered verdict costs a cache lookup.
     *
     * @param signatureArtifact whether the manifest is a signature or other referrer, which is never held back
     */
    public void admit(RepositoryName repository, Tag tag, Digest digest, String mediaType, boolean signatureArtifact,
                      ManifestBytes bytes) throws RegistryException, IOException {
        Key key = new Key(repository, digest, tag == null ? null : tag.value());
        PolicyEvaluator.Verdict verdict = verdicts.getIfPresent(key);
        if (verdict == null) {
            verdict = verdict(repository, tag, digest, mediaType, signatureArtifact, bytes);
            verdicts.put(key, verdict);
        }
        if (verdict instanceof PolicyEvaluator.Verdict.Rejected rejected) {
            throw RegistryException.of(ErrorCode.DENIED, "manifest " + digest + " of " + repository
                    + " is not signed as this registry's policy requires (scope " + rejected.scope()
                    + ", requirement " + (rejected.requirement() + 1) + "): " + rejected.reason());
        }
    }

    private PolicyEvaluator.Verdict verdict(RepositoryName repository, Tag tag, Digest digest, String mediaType,
                                            boolean signatureArtifact, ManifestBytes bytes) throws IOException {
        Reference image = new Reference(settings.registryName(), repository, tag, tag == null ? digest : null);
        Policy.Scoped scoped = settings.policy().forImage(image);
        boolean exempt = signatureArtifact || tag != null && SignatureTags.isSignatureTag(tag.value())
                || scoped.requirements().stream().allMatch(Requirement.InsecureAcceptAnything.class::isInstance);
        if (exempt) {
            return new PolicyEvaluator.Verdict.Accepted(scoped.scope(), List.of());
        }
        RawManifest manifest = new RawManifest(mediaType, bytes.read(), digest);
        return evaluator.evaluate(image, manifest.bytes(), stored.of(repository, digest));
    }

    /** Forgets the verdicts on a manifest whose signatures changed. */
    public void signaturesChanged(RepositoryName repository, Digest manifest) {
        verdicts.asMap().keySet().removeIf(key -> key.repository().equals(repository)
                && key.manifest().equals(manifest));
    }

    /**
     * Forgets the verdicts a change made stale: on the subject of a signature pushed or deleted, and on the manifest
     * a cosign signature tag ({@code sha256-<hex>.sig}) names.
     *
     * @param subject the changed manifest's subject, or null
     * @param tag     the tag pushed or deleted, or null
     */
    public void changed(RepositoryName repository, Digest subject, Tag tag) {
        if (subject != null) {
            signaturesChanged(repository, subject);
        }
        if (tag != null) {
            SignatureTags.subject(tag.value()).ifPresent(signed -> signaturesChanged(repository, signed));
        }
    }

    /** The repository as signatures name it and as signatures are written to it. */
    StoredRepository repository(RepositoryName repository) {
        return stored.repository(repository);
    }
}
