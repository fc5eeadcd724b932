package dev.berth.builder.build;

import dev.berth.client.ImageRefusedException;
import dev.berth.client.ManifestGate;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyEnforcer;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.Requirement;

/**
 * The signature policy that {@code FROM}, {@code COPY --from} and {@code berth pull} apply to images from registries,
 * before any of their layers is used. For a multi-platform image the platform's manifest is what must be signed, or
 * the index where a requirement says {@code "signedManifest": "index"}.
 *
 * @param source   the policy file, as rejections name it
 * @param policy   the policy
 * @param enforcer how an image is checked under it
 */
public record ImagePolicy(String source, Policy policy, PolicyEnforcer enforcer) {

    /**
     * Whether the image must be checked in its registry: anything but {@code insecureAcceptAnything} needs its
     * signatures (and {@code reject} refuses it), so a copy in the local store is not enough.
     */
    boolean needsRegistry(Reference image) {
        return !policy.forImage(image).requirements().stream()
                .allMatch(requirement -> requirement instanceof Requirement.InsecureAcceptAnything);
    }

    /** The gate that admits only what the policy accepts, naming the image, the rule and the reason otherwise. */
    ManifestGate gate() {
        return (reference, repository, named, chosen) -> {
            if (!needsRegistry(reference)) {
                return;   // accepted whatever its signatures: none are looked for (its registry may be down)
            }
            PolicyEnforcer.Decision decision = enforcer.check(repository, reference, named, chosen);
            if (decision.verdict() instanceof PolicyEvaluator.Verdict.Rejected rejected) {
                String hint = "";
                if (!named.digest().equals(chosen.digest())
                        && enforcer.check(repository, reference, named).accepted()) {
                    hint = "; the index " + named.digest() + " is signed, but the platform's manifest is what "
                            + "must be (sign each platform's manifest, as cosign sign --recursive does, or accept a "
                            + "signed index with \"signedManifest\": \"index\" in the requirement)";
                }
                throw new ImageRefusedException(reference + " (" + chosen.digest() + ") is rejected by " + source
                        + " (scope " + rejected.scope() + ", requirement " + (rejected.requirement() + 1) + "): "
                        + rejected.reason() + hint);
            }
        };
    }
}
