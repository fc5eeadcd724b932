package dev.berth.registry.signature;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.trust.attach.BundleReferrers;
import dev.berth.trust.attach.CosignTag;
import dev.berth.trust.format.dsse.InTotoStatement;
import dev.berth.trust.sign.BundleSigner;
import dev.berth.trust.sign.CosignSigner;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The registry signing what is pushed, as ECR's managed signing does: each image manifest or index pushed to a
 * repository a rule covers is signed with the rule's key, as a Sigstore bundle referrer or in cosign's legacy layout,
 * naming the registry and repository. Signatures and other referrers pushed are not signed again.
 */
public final class PushSigning {

    private static final Logger LOG = System.getLogger(PushSigning.class.getName());

    private final List<Rule> rules;
    private final Storage storage;
    private final Clock clock;
    private final ManifestPush push;

    /**
     * One signing rule.
     *
     * @param repositories which repositories it covers
     * @param key          the signing key
     * @param format       {@code bundle} or {@code cosign}
     * @param registryName how signatures name the registry
     */
    public record Rule(RepositoryPattern repositories, PrivateKey key, String format, String registryName) {
        public Rule {
            if (!List.of("bundle", "cosign").contains(format)) {
                throw new IllegalArgumentException("a signing rule's format is bundle or cosign, not '" + format
                        + "'");
            }
        }
    }

    public PushSigning(List<Rule> rules, Storage storage, Clock clock, ManifestPush push) {
        this.rules = List.copyOf(rules);
        this.storage = storage;
        this.clock = clock;
        this.push = push;
    }

    /**
     * Signs a manifest just pushed, if a rule covers its repository and it is an image; returns whether it did. A
     * failure is logged and does not undo the push.
     */
    public boolean pushed(RepositoryName repository, ManifestRecord manifest, Tag tag) {
        if (manifest.subject() != null || tag != null && SignatureTags.isSignatureTag(tag.value())) {
            return false;
        }
        Optional<Rule> rule = rules.stream().filter(candidate -> candidate.repositories().matches(repository))
                .findFirst();
        if (rule.isEmpty()) {
            return false;
        }
        String name = rule.get().registryName() + "/" + repository;
        StoredRepository stored = new StoredRepository(storage, repository, name, push);
        try {
            if (rule.get().format().equals("bundle")) {
                new BundleReferrers().attach(stored, Descriptor.of(manifest.mediaType(), manifest.digest(),
                        manifest.size()), new BundleSigner(rule.get().key()).sign(name, manifest.digest()),
                        InTotoStatement.COSIGN_SIGN, clock);
            } else {
                new CosignTag().append(stored, manifest.digest(), new CosignSigner(rule.get().key()).sign(name,
                        manifest.digest()));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "could not sign " + name + "@" + manifest.digest() + " on push: " + e.getMessage());
            return false;
        }
    }
}
