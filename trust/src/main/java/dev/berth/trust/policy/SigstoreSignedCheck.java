package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.CosignKeyVerifier;
import dev.berth.trust.verify.RekorSetVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code sigstoreSigned}: a cosign signature by one of the public keys, logged in Rekor when the requirement names
 * Rekor's keys, naming an acceptable identity. Certificate-based signers (Fulcio, a private PKI) are refused, saying
 * so, until Berth verifies certificate chains.
 */
final class SigstoreSignedCheck {

    /** The annotation holding the Rekor signed entry timestamp of a cosign signature. */
    static final String REKOR_BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";

    Check.Outcome check(Requirement.SigstoreSigned requirement, Reference image, byte[] manifest,
                        FoundSignatures found) {
        if (!(requirement.signer() instanceof Requirement.Signer.PublicKeys publicKeys)) {
            return new Check.Outcome.Refused("sigstoreSigned with " + (requirement.signer()
                    instanceof Requirement.Signer.Fulcio ? "fulcio" : "pki") + " certificates is not verified by "
                    + "Berth yet; use keyPath, keyPaths, keyData or keyDatas here");
        }
        CosignKeyVerifier verifier;
        Optional<RekorSetVerifier> rekor;
        try {
            verifier = new CosignKeyVerifier(keys(publicKeys.keys()));
            rekor = requirement.rekorKeys().isEmpty() ? Optional.empty()
                    : Optional.of(new RekorSetVerifier(keys(requirement.rekorKeys().get())));
        } catch (IOException | IllegalArgumentException e) {
            return new Check.Outcome.Refused("its keys cannot be read: " + e.getMessage());
        }
        List<String> refusals = new ArrayList<>();
        for (CosignSignature signature : found.cosign()) {
            try {
                CosignKeyVerifier.Verified verified = verifier.verify(signature, manifest);
                if (rekor.isPresent()) {
                    logged(rekor.get(), signature, verified.key());
                }
                if (requirement.identity().matches(image, Reference.parse(verified.dockerReference()))) {
                    return Check.Outcome.by(new PolicyEvaluator.AcceptedSignature("cosign",
                            PublicKeys.fingerprint(verified.key()), verified.dockerReference()));
                }
                refusals.add("signed as " + verified.dockerReference() + ", which " + requirement.identity()
                        .getClass().getSimpleName() + " does not accept for " + image);
            } catch (SignatureRefusedException e) {
                refusals.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                refusals.add("the signature names an unusable image reference: " + e.getMessage());
            }
        }
        return Check.noneAcceptable("cosign", refusals, found);
    }

    private static void logged(RekorSetVerifier rekor, CosignSignature signature, PublicKey key)
            throws SignatureRefusedException {
        String bundle = signature.annotations().get(REKOR_BUNDLE_ANNOTATION);
        if (bundle == null) {
            throw new SignatureRefusedException(SignatureRefusedException.Reason.NOT_LOGGED, "the signature has no "
                    + "Rekor signed entry timestamp (" + REKOR_BUNDLE_ANNOTATION + "), which the policy requires");
        }
        rekor.verify(bundle.getBytes(StandardCharsets.UTF_8), signature.signature(), key, signature.payload());
    }

    private static List<PublicKey> keys(Requirement.KeySource source) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (OpenPgpKeys.Source read : KeySources.read(source)) {
            keys.add(PublicKeys.readPem(read.name(), new String(read.bytes(), StandardCharsets.US_ASCII)));
        }
        return keys;
    }
}
