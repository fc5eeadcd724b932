package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.verify.OpenPgpVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SimpleSigningVerifier;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code signedBy}: a GPG simple signing signature by one of the keys, naming an acceptable identity. */
final class SignedByCheck {

    private final Clock clock;

    SignedByCheck(Clock clock) {
        this.clock = clock;
    }

    Check.Outcome check(Requirement.SignedBy requirement, Reference image, byte[] manifest, FoundSignatures found) {
        if (!requirement.keyType().equals("GPGKeys")) {
            return new Check.Outcome.Refused("keyType " + requirement.keyType() + " is not supported "
                    + "(containers/image verifies only GPGKeys)");
        }
        SimpleSigningVerifier verifier;
        try {
            verifier = new SimpleSigningVerifier(new OpenPgpVerifier(OpenPgpKeys.read(KeySources.read(
                    requirement.keys())), clock));
        } catch (IOException | IllegalArgumentException e) {
            return new Check.Outcome.Refused("its keys cannot be read: " + e.getMessage());
        }
        List<String> refusals = new ArrayList<>();
        for (byte[] signature : found.simpleSigning()) {
            try {
                SimpleSigningVerifier.Verified verified = verifier.verify(signature, manifest);
                if (requirement.identity().matches(image, Reference.parse(verified.dockerReference()))) {
                    return Check.Outcome.by(new PolicyEvaluator.AcceptedSignature("simple signing",
                            verified.signer(), verified.dockerReference()));
                }
                refusals.add("signed by " + verified.signer() + " as " + verified.dockerReference() + ", which "
                        + requirement.identity().getClass().getSimpleName() + " does not accept for " + image);
            } catch (SignatureRefusedException e) {
                refusals.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                refusals.add("the signature names an unusable image reference: " + e.getMessage());
            }
        }
        return Check.noneAcceptable("simple signing", refusals, found);
    }
}
