package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.dsse.InTotoStatement;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.CosignKeyVerifier;
import dev.berth.trust.verify.RekorSetVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.sigstore.BundleVerifier;
import dev.berth.trust.verify.sigstore.CosignCertificateVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sigstoreSigned}: a cosign signature (its legacy {@code .sig} layout, or a Sigstore bundle attached as a
 * referrer) by one of the keys, or by a certificate of the Fulcio instance or private PKI naming the identity;
 * logged in Rekor when the requirement names Rekor's keys; and naming an acceptable image. A bundle counts only when
 * it is a signature (a cosign sign statement, or a message signature over the manifest), never another attestation.
 */
final class SigstoreSignedCheck {

    /** The annotation holding the Rekor signed entry timestamp of a cosign signature. */
    static final String REKOR_BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";

    private final Clock clock;

    SigstoreSignedCheck(Clock clock) {
        this.clock = clock;
    }

    Check.Outcome check(Requirement.SigstoreSigned requirement, Reference image, byte[] manifest,
                        FoundSignatures found) {
        SigstoreTrust trust;
        try {
            trust = SigstoreTrust.of(requirement);
        } catch (IOException | IllegalArgumentException e) {
            return new Check.Outcome.Refused("its keys cannot be read: " + e.getMessage());
        }
        List<String> refusals = new ArrayList<>();
        for (CosignSignature signature : found.cosign()) {
            try {
                PolicyEvaluator.AcceptedSignature accepted = legacy(trust, signature, manifest);
                String refusal = identityRefusal(requirement, image, accepted.dockerReference());
                if (refusal == null) {
                    return Check.Outcome.by(accepted);
                }
                refusals.add(refusal);
            } catch (SignatureRefusedException e) {
                refusals.add(e.getMessage());
            }
        }
        for (Bundle bundle : found.bundles()) {
            try {
                PolicyEvaluator.AcceptedSignature accepted = bundle(trust, bundle, manifest);
                String refusal = identityRefusal(requirement, image, accepted.dockerReference());
                if (refusal == null) {
                    return Check.Outcome.by(accepted);
                }
                refusals.add(refusal);
            } catch (SignatureRefusedException e) {
                refusals.add("a Sigstore bundle: " + e.getMessage());
            }
        }
        return Check.noneAcceptable("cosign", refusals, found);
    }

    private PolicyEvaluator.AcceptedSignature legacy(SigstoreTrust trust, CosignSignature signature, byte[] manifest)
            throws SignatureRefusedException {
        if (trust.identity().isPresent()) {
            CosignCertificateVerifier.Verified verified = new CosignCertificateVerifier(trust.authorities(),
                    trust.rekorKeys(), clock).verify(signature, manifest, trust.identity().get());
            return new PolicyEvaluator.AcceptedSignature("cosign", String.join(", ", verified.signer().names())
                    + verified.signer().issuer().map(issuer -> " (" + issuer + ")").orElse(""),
                    verified.dockerReference());
        }
        CosignKeyVerifier.Verified verified = new CosignKeyVerifier(trust.keys()).verify(signature, manifest);
        if (!trust.rekorKeys().isEmpty()) {
            logged(trust.rekorKeys(), signature, verified.key());
        }
        return new PolicyEvaluator.AcceptedSignature("cosign", PublicKeys.fingerprint(verified.key()),
                verified.dockerReference());
    }

    private static PolicyEvaluator.AcceptedSignature bundle(SigstoreTrust trust, Bundle bundle, byte[] manifest)
            throws SignatureRefusedException {
        BundleVerifier verifier = new BundleVerifier(trust.root());
        BundleVerifier.Artifact artifact = new BundleVerifier.Artifact.Bytes(manifest);
        BundleVerifier.Verified verified = null;
        if (trust.identity().isPresent()) {
            CosignCertificateVerifier.Identity identity = trust.identity().get();
            if (identity.oidcIssuer().isEmpty()) {
                throw new SignatureRefusedException(SignatureRefusedException.Reason.UNKNOWN_KEY, "bundles signed "
                        + "with a private PKI's certificate are not verified by Berth yet");
            }
            verified = verifier.verify(bundle, artifact, new BundleVerifier.Expected.Identity(identity.subject(),
                    identity.oidcIssuer()));
        } else {
            SignatureRefusedException last = null;
            for (PublicKey key : trust.keys()) {
                try {
                    verified = verifier.verify(bundle, artifact, new BundleVerifier.Expected.Key(key));
                    break;
                } catch (SignatureRefusedException e) {
                    last = e;
                }
            }
            if (verified == null) {
                throw new SignatureRefusedException(SignatureRefusedException.Reason.UNKNOWN_KEY, "no trusted key "
                        + "made this signature" + (last == null ? "" : " (" + last.getMessage() + ")"));
            }
        }
        if (!trust.rekorKeys().isEmpty() && verified.observed().isEmpty()) {
            throw new SignatureRefusedException(SignatureRefusedException.Reason.NOT_LOGGED, "it has no Rekor "
                    + "entry, which the policy requires");
        }
        return new PolicyEvaluator.AcceptedSignature("Sigstore bundle", verified.signer()
                + verified.issuer().map(issuer -> " (" + issuer + ")").orElse(""), signedName(verified));
    }

    /** The image name a bundle vouches for: its statement's subject name. */
    private static String signedName(BundleVerifier.Verified verified) throws SignatureRefusedException {
        Optional<InTotoStatement> statement = verified.statement();
        if (statement.isEmpty()) {
            throw new SignatureRefusedException(SignatureRefusedException.Reason.IDENTITY_MISMATCH, "it is a "
                    + "message signature, which names no image");
        }
        if (!statement.get().predicateType().equals(InTotoStatement.COSIGN_SIGN)) {
            throw new SignatureRefusedException(SignatureRefusedException.Reason.BAD_PAYLOAD, "it is an attestation ("
                    + statement.get().predicateType() + "), not a signature");
        }
        return statement.get().subjects().stream().flatMap(subject -> subject.name().stream()).findFirst()
                .orElseThrow(() -> new SignatureRefusedException(SignatureRefusedException.Reason.IDENTITY_MISMATCH,
                        "its statement names no image (cosign signs only the digest), so a copy in another "
                                + "repository could not be told apart"));
    }

    /** Null if the requirement's identity rule accepts the signed name for the image, else why not. */
    private static String identityRefusal(Requirement.SigstoreSigned requirement, Reference image, String signed) {
        try {
            if (requirement.identity().matches(image, Reference.parse(signed))) {
                return null;
            }
            return "signed as " + signed + ", which " + requirement.identity().getClass().getSimpleName()
                    + " does not accept for " + image;
        } catch (IllegalArgumentException e) {
            return "the signature names an unusable image reference: " + e.getMessage();
        }
    }

    private static void logged(List<PublicKey> rekorKeys, CosignSignature signature, PublicKey key)
            throws SignatureRefusedException {
        String bundle = signature.annotations().get(REKOR_BUNDLE_ANNOTATION);
        if (bundle == null) {
            throw new SignatureRefusedException(SignatureRefusedException.Reason.NOT_LOGGED, "the signature has no "
                    + "Rekor signed entry timestamp (" + REKOR_BUNDLE_ANNOTATION + "), which the policy requires");
        }
        new RekorSetVerifier(rekorKeys).verify(bundle.getBytes(StandardCharsets.UTF_8), signature.signature(), key,
                signature.payload());
    }
}
