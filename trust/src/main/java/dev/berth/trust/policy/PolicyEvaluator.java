package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.verify.OpenPgpVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SimpleSigningVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a policy accepts an image: every requirement of the image's most specific scope must be
 * satisfied; {@code signedBy} by at least one of the image's signatures that a trusted key made and that names an
 * acceptable identity. Requirements Berth cannot check yet are refused, saying so, never passed.
 */
public final class PolicyEvaluator {

    /** More signatures than any image has; bounds the work an attacker can cause. */
    public static final int MAXIMUM_SIGNATURES = 64;

    private final Policy policy;
    private final Clock clock;

    public PolicyEvaluator(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** The verdict, with what satisfied the policy or why not. */
    public sealed interface Verdict {

        /** Accepted: the scope applied, and what each signature requirement was satisfied by. */
        record Accepted(String scope, List<SimpleSigningVerifier.Verified> signatures) implements Verdict {
        }

        /** Rejected: the scope, the requirement (its index in the scope's list) and why. */
        record Rejected(String scope, int requirement, String reason) implements Verdict {
        }
    }

    /**
     * The verdict on an image.
     *
     * @param image      the image's reference as it is being pulled (with the tag or digest used)
     * @param manifest   the exact manifest bytes pulled
     * @param signatures the simple-signing signatures found for it
     */
    public Verdict evaluate(Reference image, byte[] manifest, List<byte[]> signatures) {
        Policy.Scoped scoped = policy.forImage(image);
        if (signatures.size() > MAXIMUM_SIGNATURES) {
            return new Verdict.Rejected(scoped.scope(), 0, "the image has " + signatures.size() + " signatures; at "
                    + "most " + MAXIMUM_SIGNATURES + " are checked");
        }
        List<SimpleSigningVerifier.Verified> satisfiedBy = new ArrayList<>();
        for (int i = 0; i < scoped.requirements().size(); i++) {
            Requirement requirement = scoped.requirements().get(i);
            String refusal = switch (requirement) {
                case Requirement.InsecureAcceptAnything accept -> null;
                case Requirement.Reject reject -> "the policy rejects every image here";
                case Requirement.SignedBy signedBy -> signedBy(signedBy, image, manifest, signatures, satisfiedBy);
                case Requirement.SigstoreSigned sigstore -> "sigstoreSigned requirements are not verified by Berth "
                        + "yet; use signedBy (GPG) here";
                case Requirement.SignedBaseLayer base -> "signedBaseLayer is reserved and accepts no image";
            };
            if (refusal != null) {
                return new Verdict.Rejected(scoped.scope(), i, refusal);
            }
        }
        return new Verdict.Accepted(scoped.scope(), satisfiedBy);
    }

    /** Null if one signature satisfies the requirement, else why none does. */
    private String signedBy(Requirement.SignedBy requirement, Reference image, byte[] manifest,
                            List<byte[]> signatures, List<SimpleSigningVerifier.Verified> satisfiedBy) {
        if (!requirement.keyType().equals("GPGKeys")) {
            return "keyType " + requirement.keyType() + " is not supported (containers/image verifies only GPGKeys)";
        }
        if (signatures.isEmpty()) {
            return "the image has no signatures";
        }
        SimpleSigningVerifier verifier;
        try {
            verifier = new SimpleSigningVerifier(new OpenPgpVerifier(OpenPgpKeys.read(keys(requirement.keys())),
                    clock));
        } catch (IOException | IllegalArgumentException e) {
            return "its keys cannot be read: " + e.getMessage();
        }
        List<String> refusals = new ArrayList<>();
        for (byte[] signature : signatures) {
            try {
                SimpleSigningVerifier.Verified verified = verifier.verify(signature, manifest);
                if (requirement.identity().matches(image, Reference.parse(verified.dockerReference()))) {
                    satisfiedBy.add(verified);
                    return null;
                }
                refusals.add("signed by " + verified.signer() + " as " + verified.dockerReference() + ", which "
                        + requirement.identity().getClass().getSimpleName() + " does not accept for " + image);
            } catch (SignatureRefusedException e) {
                refusals.add(e.getMessage());
            }
        }
        return "no signature is acceptable: " + String.join("; ", refusals);
    }

    private static List<OpenPgpKeys.Source> keys(Requirement.KeySource source) throws IOException {
        List<OpenPgpKeys.Source> sources = new ArrayList<>();
        switch (source) {
            case Requirement.KeySource.Path path -> sources.add(read(path.path()));
            case Requirement.KeySource.Paths paths -> {
                for (String path : paths.paths()) {
                    sources.add(read(path));
                }
            }
            case Requirement.KeySource.Data data -> sources.add(new OpenPgpKeys.Source("keyData", data.data()));
        }
        return sources;
    }

    private static OpenPgpKeys.Source read(String path) throws IOException {
        return new OpenPgpKeys.Source(path, Files.readAllBytes(Path.of(path)));
    }
}
