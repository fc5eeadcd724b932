package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a policy accepts an image: every requirement of the image's most specific scope must be
 * satisfied; a signature requirement by at least one of the image's signatures that a trusted key or identity made and
 * that names an acceptable image. Requirements Berth cannot check are refused, saying so, never passed.
 */
public final class PolicyEvaluator {

    /** More signatures than any image has; bounds the work an attacker can cause. */
    public static final int MAXIMUM_SIGNATURES = 64;

    private final Policy policy;
    private final SignedByCheck signedBy;
    private final SigstoreSignedCheck sigstoreSigned;
    private final NotationSignedCheck notationSigned;

    public PolicyEvaluator(Policy policy, Clock clock) {
        this.policy = policy;
        this.signedBy = new SignedByCheck(clock);
        this.sigstoreSigned = new SigstoreSignedCheck(clock);
        this.notationSigned = new NotationSignedCheck(clock);
    }

    /** The verdict, with what satisfied the policy or why not. */
    public sealed interface Verdict {

        /** Accepted: the scope applied, and the signatures that satisfied its requirements. */
        record Accepted(String scope, List<AcceptedSignature> signatures) implements Verdict {
        }

        /** Rejected: the scope, the requirement (its index in the scope's list) and why. */
        record Rejected(String scope, int requirement, String reason) implements Verdict {
        }
    }

    /**
     * A signature that satisfied a requirement.
     *
     * @param format          {@code simple signing} or {@code cosign}
     * @param signer          the key's fingerprint, or the key or certificate subject that signed
     * @param dockerReference the image name the signature vouches for
     */
    public record AcceptedSignature(String format, String signer, String dockerReference) {
    }

    /** A manifest, exactly as pulled, with the signatures found for it. */
    public record Signed(byte[] manifest, FoundSignatures signatures) {
    }

    /**
     * The verdict on an image.
     *
     * @param image      the image's reference as it is being pulled (with the tag or digest used)
     * @param manifest   the exact manifest bytes pulled
     * @param signatures the signatures found for it
     */
    public Verdict evaluate(Reference image, byte[] manifest, FoundSignatures signatures) {
        return evaluate(image, new Signed(manifest, signatures), Optional.empty());
    }

    /**
     * The verdict on the platform's manifest of an image, where the index it was chosen from (if any) satisfies the
     * requirements that accept a signed index ({@code signedManifest: index}).
     */
    public Verdict evaluate(Reference image, Signed platform, Optional<Signed> index) {
        Policy.Scoped scoped = policy.forImage(image);
        int count = platform.signatures().count() + index.map(signed -> signed.signatures().count()).orElse(0);
        if (count > MAXIMUM_SIGNATURES) {
            return new Verdict.Rejected(scoped.scope(), 0, "the image has " + count + " signatures; at most "
                    + MAXIMUM_SIGNATURES + " are checked");
        }
        List<AcceptedSignature> satisfiedBy = new ArrayList<>();
        for (int i = 0; i < scoped.requirements().size(); i++) {
            Requirement requirement = scoped.requirements().get(i);
            Check.Outcome outcome = check(requirement, image, platform);
            if (outcome instanceof Check.Outcome.Refused refused && index.isPresent() && acceptsIndex(requirement)) {
                outcome = switch (check(requirement, image, index.get())) {
                    case Check.Outcome.Satisfied satisfied -> Check.Outcome.by(satisfied.by().map(signature ->
                            new AcceptedSignature(signature.format() + " (of the index)", signature.signer(),
                                    signature.dockerReference())).orElseThrow());
                    case Check.Outcome.Refused byIndex -> new Check.Outcome.Refused(refused.reason()
                            + "; nor is the index: " + byIndex.reason());
                };
            }
            switch (outcome) {
                case Check.Outcome.Satisfied satisfied -> satisfied.by().ifPresent(satisfiedBy::add);
                case Check.Outcome.Refused refused -> {
                    return new Verdict.Rejected(scoped.scope(), i, refused.reason());
                }
            }
        }
        return new Verdict.Accepted(scoped.scope(), satisfiedBy);
    }

    private Check.Outcome check(Requirement requirement, Reference image, Signed signed) {
        return switch (requirement) {
            case Requirement.InsecureAcceptAnything accept -> Check.Outcome.passed();
            case Requirement.Reject reject -> new Check.Outcome.Refused("the policy rejects every image here");
            case Requirement.SignedBy required -> signedBy.check(required, image, signed.manifest(),
                    signed.signatures());
            case Requirement.SigstoreSigned required -> sigstoreSigned.check(required, image, signed.manifest(),
                    signed.signatures());
            case Requirement.NotationSigned required -> notationSigned.check(required, image, signed.manifest(),
                    signed.signatures());
            case Requirement.SignedBaseLayer base -> new Check.Outcome.Refused("signedBaseLayer is reserved and "
                    + "accepts no image");
        };
    }

    private static boolean acceptsIndex(Requirement requirement) {
        return switch (requirement) {
            case Requirement.SignedBy required -> required.signedManifest() == Requirement.SignedManifest.INDEX;
            case Requirement.SigstoreSigned required ->
                    required.signedManifest() == Requirement.SignedManifest.INDEX;
            case Requirement.NotationSigned required ->
                    required.signedManifest() == Requirement.SignedManifest.INDEX;
            default -> false;
        };
    }
}
