package dev.berth.registry.signature;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.Requirement;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tells, for the web UI, which signatures a manifest has and whether they verify: each format's signatures are
 * checked against the requirements of the registry's policy that take that format (cosign signatures and Sigstore
 * bundles against {@code sigstoreSigned}, Notary envelopes against {@code notationSigned}, simple signing against
 * {@code signedBy}), so the page can say "verified by this key" per format, besides what a pull would meet. Without a
 * policy, signatures are listed but checked against nothing. Answers are remembered for a little while.
 */
public final class SignatureInspector {

    /** How long an answer is shown before the signatures are read again. */
    static final Duration FRESH = Duration.ofSeconds(30);
    /** The name signatures give the registry when it has no policy (and so no name) to check them with. */
    private static final String UNNAMED = "registry";

    private final Optional<SignatureEnforcement.Settings> settings;
    private final StoredSignatures stored;
    private final Clock clock;
    private final Cache<Key, SignatureStatus> answers = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(FRESH).build();

    private record Key(RepositoryName repository, Digest digest, Tag tag) {
    }

    /** @param settings the registry's signature policy and name, if it has one */
    public SignatureInspector(Storage storage, ManifestPush push, Clock clock,
                              Optional<SignatureEnforcement.Settings> settings) {
        this.settings = settings;
        this.stored = new StoredSignatures(storage, settings.map(SignatureEnforcement.Settings::registryName)
                .orElse(UNNAMED), push);
        this.clock = clock;
    }

    /**
     * The manifest's signatures and what they verify as.
     *
     * @param tag      the tag it is looked at by (identity rules may name one), or empty for by digest
     * @param manifest the manifest's exact bytes, read only if there are signatures to check
     */
    public SignatureStatus inspect(RepositoryName repository, Digest digest, Optional<Tag> tag,
                                   SignatureEnforcement.ManifestBytes manifest) throws IOException {
        Key key = new Key(repository, digest, tag.orElse(null));
        SignatureStatus known = answers.getIfPresent(key);
        if (known == null) {
            known = read(repository, digest, tag, manifest);
            answers.put(key, known);
        }
        return known;
    }

    private SignatureStatus read(RepositoryName repository, Digest digest, Optional<Tag> tag,
                                 SignatureEnforcement.ManifestBytes manifest) throws IOException {
        FoundSignatures found = stored.of(repository, digest);
        if (found.count() == 0 && found.unreadable().isEmpty()) {
            return new SignatureStatus(List.of(), settings.map(policy -> verdict(policy, repository, digest, tag,
                    new byte[0], found)));
        }
        byte[] bytes = manifest.read();
        List<SignatureStatus.Format> formats = new ArrayList<>();
        formats.add(format("cosign", FoundSignatures.cosign(found.cosign()),
                Requirement.SigstoreSigned.class::isInstance, repository, digest, tag, bytes));
        formats.add(format("sigstore bundle", FoundSignatures.bundles(found.bundles()),
                Requirement.SigstoreSigned.class::isInstance, repository, digest, tag, bytes));
        formats.add(format("notation", FoundSignatures.notation(found.notation()),
                Requirement.NotationSigned.class::isInstance, repository, digest, tag, bytes));
        formats.add(format("simple signing", FoundSignatures.simpleSigning(found.simpleSigning()),
                Requirement.SignedBy.class::isInstance, repository, digest, tag, bytes));
        if (!found.unreadable().isEmpty()) {
            formats.add(new SignatureStatus.Format("unreadable", found.unreadable().size(),
                    SignatureStatus.State.NOT_VERIFIED, List.of(), String.join("; ", found.unreadable())));
        }
        return new SignatureStatus(formats.stream().filter(format -> format.count() > 0).toList(),
                settings.map(policy -> verdict(policy, repository, digest, tag, bytes, found)));
    }

    private SignatureStatus.Format format(String name, FoundSignatures only, Predicate<Requirement> takes,
                                          RepositoryName repository, Digest digest, Optional<Tag> tag, byte[] bytes) {
        int count = only.count();
        if (count == 0 || settings.isEmpty()) {
            return new SignatureStatus.Format(name, count, SignatureStatus.State.NOT_CHECKED, List.of(),
                    "the registry has no signature policy to check them with");
        }
        Reference image = reference(settings.get(), repository, digest, tag);
        Policy.Scoped scoped = settings.get().policy().forImage(image);
        List<Requirement> requirements = scoped.requirements().stream().filter(takes).toList();
        if (requirements.isEmpty()) {
            return new SignatureStatus.Format(name, count, SignatureStatus.State.NOT_CHECKED, List.of(),
                    "the policy asks for no " + name + " signatures here (scope " + scoped.scope() + ")");
        }
        List<String> signers = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Requirement requirement : requirements) {
            switch (new PolicyEvaluator(new Policy(List.of(requirement), Map.of()), clock).evaluate(image, bytes,
                    only)) {
                case PolicyEvaluator.Verdict.Accepted accepted -> accepted.signatures().forEach(signature ->
                        signers.add(signature.signer()));
                case PolicyEvaluator.Verdict.Rejected rejected -> refusals.add(rejected.reason());
            }
        }
        return signers.isEmpty()
                ? new SignatureStatus.Format(name, count, SignatureStatus.State.NOT_VERIFIED, List.of(),
                        String.join("; ", refusals))
                : new SignatureStatus.Format(name, count, SignatureStatus.State.VERIFIED, signers.stream().distinct()
                        .toList(), "scope " + scoped.scope());
    }

    private String verdict(SignatureEnforcement.Settings policy, RepositoryName repository, Digest digest,
                           Optional<Tag> tag, byte[] bytes, FoundSignatures found) {
        Reference image = reference(policy, repository, digest, tag);
        Policy.Scoped scoped = policy.policy().forImage(image);
        if (scoped.requirements().stream().allMatch(Requirement.InsecureAcceptAnything.class::isInstance)) {
            return "pulls are admitted without signatures (scope " + scoped.scope() + ")";
        }
        return switch (new PolicyEvaluator(policy.policy(), clock).evaluate(image, bytes, found)) {
            case PolicyEvaluator.Verdict.Accepted accepted -> "pulls are admitted (scope " + accepted.scope() + ")";
            case PolicyEvaluator.Verdict.Rejected rejected -> "pulls are refused (scope " + rejected.scope()
                    + "): " + rejected.reason();
        };
    }

    private static Reference reference(SignatureEnforcement.Settings policy, RepositoryName repository,
                                       Digest digest, Optional<Tag> tag) {
        return new Reference(policy.registryName(), repository, tag.orElse(null), tag.isEmpty() ? digest : null);
    }
}
