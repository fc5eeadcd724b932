package dev.berth.trust.policy;

import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.format.notation.TrustPolicy;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.notation.NotationVerifier;
import dev.berth.trust.verify.notation.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Berth's {@code notationSigned}: a Notary signature of the manifest accepted by the statement of Notation's trust
 * policy for the image's repository ({@code registry/repository}, else {@code *}), with Notation's trust store.
 */
final class NotationSignedCheck {

    private final Clock clock;
    private final ManifestParser parser = new ManifestParser();

    NotationSignedCheck(Clock clock) {
        this.clock = clock;
    }

    Check.Outcome check(Requirement.NotationSigned requirement, Reference image, byte[] manifest,
                        FoundSignatures found) {
        TrustPolicy policy;
        try {
            policy = TrustPolicy.parse(requirement.trustPolicy(), Files.readAllBytes(Path.of(
                    requirement.trustPolicy())));
        } catch (IOException | IllegalArgumentException e) {
            return new Check.Outcome.Refused("the Notation trust policy cannot be read: " + e.getMessage());
        }
        String repository = image.registry() + "/" + image.repository();
        Optional<TrustPolicy.Statement> statement = policy.forRepository(repository);
        if (statement.isEmpty()) {
            return new Check.Outcome.Refused("the Notation trust policy " + requirement.trustPolicy() + " has no "
                    + "statement for " + repository + " (nor a * one)");
        }
        if (statement.get().skips()) {
            return Check.Outcome.passed();
        }
        Descriptor descriptor;
        try {
            RawManifest raw = parser.parse(manifest, null, DigestAlgorithm.SHA256).raw();
            descriptor = raw.descriptor();
        } catch (InvalidManifestException e) {
            return new Check.Outcome.Refused("the manifest cannot be read: " + e.getMessage());
        }
        NotationVerifier verifier = new NotationVerifier(new TrustStore(Path.of(requirement.trustStore())), clock);
        List<String> refusals = new ArrayList<>();
        for (NotationEnvelope envelope : found.notation()) {
            try {
                NotationVerifier.Verified verified = verifier.verify(envelope, statement.get(), descriptor);
                return Check.Outcome.by(new PolicyEvaluator.AcceptedSignature("notation", verified.signer()
                        + (verified.warnings().isEmpty() ? "" : " (" + String.join("; ", verified.warnings()) + ")"),
                        repository));
            } catch (SignatureRefusedException e) {
                refusals.add("statement " + statement.get().name() + ": " + e.getMessage());
            }
        }
        return Check.noneAcceptable("Notary", refusals, found);
    }
}
