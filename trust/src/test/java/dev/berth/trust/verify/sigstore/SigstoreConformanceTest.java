package dev.berth.trust.verify.sigstore;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.BundleParser;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sigstore-conformance suite's bundle-verify cases (resources/vectors/sigstore-bundle/conformance, SOURCES.md),
 * run by its own rules: a case whose name ends in {@code _fail} must be refused, every other must verify, offline,
 * with the case's trusted root (else public-good's), identity and issuer (else the suite's defaults), or key.
 */
class SigstoreConformanceTest {

    private static final String IDENTITY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-"
            + "beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    /** Why each failing case must be refused: a part of the refusal, checked against the case's README. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("bundle-empty-certificate-chain_fail", "x509CertificateChain has no certificates"),
            Map.entry("bundle-from-wrong-instance_fail", "from a log the trusted root does not name"),
            Map.entry("bundle-invalid-base64-signature_fail", "\"signature\" that is not base64"),
            Map.entry("bundle-malformed-json_fail", "is not JSON"),
            Map.entry("bundle-negative-log-index_fail", "negative logIndex"),
            Map.entry("bundle-unknown-version_fail", "unknown mediaType"),
            Map.entry("bundle-with-root-cert_fail", "certificate chain is not a chain"),
            Map.entry("checkpoint-bad-keyhint_fail", "checkpoint is not signed by the log"),
            Map.entry("dsse-invalid-sig_fail", "DSSE signature does not verify"),
            Map.entry("dsse-mismatch-envelope_fail", "records another payload"),
            Map.entry("inclusion-proof-corrupted-hash_fail", "inclusion proof does not lead to its root hash"),
            Map.entry("incorrect-public-key_fail", "signed entry timestamp is not the log's signature"),
            Map.entry("intoto-expired-certificate_fail", "signing certificate was not valid at"),
            Map.entry("intoto-log-entry-mismatch_fail", "records another signature and key"),
            Map.entry("intoto-missing-inclusion-proof_fail", "has no inclusionProof"),
            Map.entry("intoto-tsa-timestamp-outside-cert-validity_fail", "signing certificate was not valid at"),
            Map.entry("invalid-checkpoint-signature_fail", "checkpoint is not signed by the log"),
            Map.entry("invalid-inclusion-proof_fail", "inclusionProof has no checkpoint"),
            Map.entry("managed-key-no-key_fail", "signed with a key, and a certificate identity is expected"),
            Map.entry("managed-key-wrong-key_fail", "signature does not verify with the key"),
            Map.entry("message-digest-mismatch_fail", "message digest is not the artifact's"),
            Map.entry("rekor2-checkpoint-missing-log-signature_fail", "the checkpoint is not signed"),
            Map.entry("rekor2-checkpoint-missing-origin_fail", "lacks its origin, tree size or root hash"),
            Map.entry("rekor2-checkpoint-missing-root-hash_fail", "lacks its origin, tree size or root hash"),
            Map.entry("rekor2-checkpoint-missing-size_fail", "lacks its origin, tree size or root hash"),
            Map.entry("rekor2-dsse-invalid-sig_fail", "DSSE signature does not verify"),
            Map.entry("rekor2-dsse-mismatch-envelope_fail", "records another digest of what was signed"),
            Map.entry("rekor2-dsse-mismatch-sig_fail", "records another signature"),
            Map.entry("rekor2-no-inclusion-proof_fail", "has no inclusionProof"),
            Map.entry("rekor2-no-timestamp_fail", "nothing says when the certificate signed"),
            Map.entry("rekor2-timestamp-outside-trust-root-tsa-validity_fail", "authority was not trusted at"),
            Map.entry("rekor2-timestamp-outside-tsa-cert-validity_fail", "not from a timestamp authority of the "
                    + "trusted root, or its certificate was not valid"),
            Map.entry("rekor2-timestamp-payload-mismatch_fail", "over other bytes than the signature"),
            Map.entry("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", "not from a timestamp authority"),
            Map.entry("rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail", "not from a timestamp authority"),
            Map.entry("signature-mismatch_fail", "signature does not verify with the certificate's key"),
            Map.entry("wrong-hashedrekord-artifact_fail", "records another artifact digest"),
            Map.entry("wrong-hashedrekord-cert-and-sig_fail", "records another signature"),
            Map.entry("wrong-material_fail", "message digest is not the artifact's"));

    private static Path vectors() throws URISyntaxException {
        return Path.of(SigstoreConformanceTest.class.getResource("/vectors/sigstore-bundle").toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> listed = Files.list(vectors().resolve("conformance"))) {
            return listed.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCase_verifiesOrIsRefused_asItsNameSays(String name) throws Exception {
        Path conformance = vectors().resolve("conformance");
        Path directory = conformance.resolve(name);
        boolean mustFail = name.endsWith("_fail");
        try {
            BundleVerifier.Verified verified = verify(conformance, directory);
            if (mustFail) {
                fail(name + " verified, but must be refused (" + readme(directory) + "); it vouched for "
                        + verified);
            }
        } catch (SignatureRefusedException | IllegalArgumentException e) {
            if (!mustFail) {
                fail(name + " was refused, but must verify: " + e.getMessage());
            }
            String reason = REASONS.get(name);
            if (reason == null || !e.getMessage().contains(reason)) {
                fail(name + " was refused for another reason than " + reason + " (" + readme(directory) + "): "
                        + e.getMessage());
            }
        }
    }

    private static BundleVerifier.Verified verify(Path conformance, Path directory) throws Exception {
        Bundle bundle = BundleParser.parse(Files.readAllBytes(directory.resolve("bundle.sigstore.json")));
        Path root = Files.exists(directory.resolve("trusted_root.json")) ? directory.resolve("trusted_root.json")
                : vectors().resolve("trusted-roots/public-good.trusted_root.json");
        Path signed = Files.exists(directory.resolve("artifact")) ? directory.resolve("artifact")
                : conformance.resolve("a.txt");
        BundleVerifier.Artifact artifact = new BundleVerifier.Artifact.Bytes(Files.readAllBytes(signed));
        BundleVerifier.Expected expected = Files.exists(directory.resolve("key.pub"))
                ? new BundleVerifier.Expected.Key(PublicKeys.readPem("key.pub", Files.readString(directory.resolve(
                "key.pub"))))
                : new BundleVerifier.Expected.Identity(text(directory, "identity", IDENTITY),
                text(directory, "issuer", ISSUER));
        return new BundleVerifier(Optional.of(TrustedRoot.parse(Files.readAllBytes(root)))).verify(bundle, artifact,
                expected);
    }

    private static String text(Path directory, String file, String otherwise) throws IOException {
        Path path = directory.resolve(file);
        return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8).strip() : otherwise;
    }

    private static String readme(Path directory) throws IOException {
        Path readme = directory.resolve("README");
        return Files.exists(readme) ? Files.readString(readme).strip() : "no README";
    }
}
