package dev.berth.trust.verify.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.trust.format.sigstore.BundleParser;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bundles made by cosign and sigstore-go's suites (resources/vectors/sigstore-bundle, SOURCES.md): cosign's attestation
 * of a container image, npm provenance (certificate) and publish (key) attestations, a private instance's otherName
 * identity; each verifies with its own trusted root and identity, and not with another.
 */
class SigstoreBundleVectorsTest {

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = SigstoreBundleVectorsTest.class.getResourceAsStream("/vectors/sigstore-bundle/"
                + name)) {
            return in.readAllBytes();
        }
    }

    private static BundleVerifier verifier(String root) throws IOException {
        return new BundleVerifier(Optional.of(TrustedRoot.parse(vector(root))));
    }

    private static BundleVerifier.Artifact digest(String algorithm, String hex) {
        return new BundleVerifier.Artifact.Digest(algorithm, HexFormat.of().parseHex(hex));
    }

    @Test
    void cosignsAttestationOfAnImage_verifiesForTheManifestDigest_andTheSignersIdentity() throws Exception {
        BundleVerifier.Verified verified = verifier("cosign/trusted_root_pgi.json").verify(BundleParser.parse(vector(
                "cosign/oci-attestation.sigstore.json")), digest("sha256",
                "732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4"),
                new BundleVerifier.Expected.Identity("cody@soyland.com", "https://github.com/login/oauth"));
        assertEquals("cody@soyland.com", verified.signer());
        assertTrue(verified.observed().getFirst().isAfter(Instant.parse("2025-02-28T00:00:00Z")));
        assertEquals("127.0.0.1:60943/repo", verified.statement().orElseThrow().subjects().getFirst().name()
                .orElseThrow());

        SignatureRefusedException otherImage = assertThrows(SignatureRefusedException.class, () ->
                verifier("cosign/trusted_root_pgi.json").verify(BundleParser.parse(vector(
                        "cosign/oci-attestation.sigstore.json")), digest("sha256", "00".repeat(32)),
                        new BundleVerifier.Expected.Identity("cody@soyland.com", "https://github.com/login/oauth")));
        assertTrue(otherImage.getMessage().contains("subjects do not include the artifact"), otherImage.getMessage());
        SignatureRefusedException otherPerson = assertThrows(SignatureRefusedException.class, () ->
                verifier("cosign/trusted_root_pgi.json").verify(BundleParser.parse(vector(
                        "cosign/oci-attestation.sigstore.json")), digest("sha256",
                        "732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4"),
                        new BundleVerifier.Expected.Identity("someone@else.example",
                                "https://github.com/login/oauth")));
        assertTrue(otherPerson.getMessage().contains("not someone@else.example"), otherPerson.getMessage());
    }

    @Test
    void npmAttestations_verifyByCertificate_andByTheRegistrysKey() throws Exception {
        String tarball = "76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f41"
                + "0eee69ea20079bd3a2c6f3dcf3b329b10751";
        verifier("sigstore-go/trusted-root-public-good.json").verify(BundleParser.parse(vector(
                "sigstore-go/bundle-provenance.json")), digest("sha512", tarball),
                new BundleVerifier.Expected.Identity("https://github.com/sigstore/sigstore-js/.github/workflows/"
                        + "release.yml@refs/heads/main", "https://token.actions.githubusercontent.com"));
        BundleVerifier.Verified published = verifier("sigstore-go/trusted-root-public-good.json").verify(
                BundleParser.parse(vector("sigstore-go/bundle-publish.json")), digest("sha512", tarball),
                new BundleVerifier.Expected.Key(PublicKeys.readPem("publish_key.pub", new String(vector(
                        "sigstore-go/publish_key.pub"), StandardCharsets.US_ASCII))));
        assertTrue(published.signer().startsWith("SHA256:"), published.signer());
        assertEquals(1, published.observed().size(), "the log's signed entry timestamp says when");
    }

    @Test
    void aPrivateInstancesOtherNameIdentity_verifiesWithItsRoot_only() throws Exception {
        BundleVerifier.Artifact artifact = digest("sha256",
                "bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b");
        BundleVerifier.Expected identity = new BundleVerifier.Expected.Identity("foo!oidc.local",
                "http://oidc.local:8080");
        verifier("sigstore-go/testdata/trusted-roots/scaffolding.json").verify(BundleParser.parse(vector(
                "sigstore-go/testdata/bundles/othername.sigstore.json")), artifact, identity);
        assertThrows(SignatureRefusedException.class, () -> verifier(
                "sigstore-go/testdata/trusted-roots/public-good.json").verify(BundleParser.parse(vector(
                "sigstore-go/testdata/bundles/othername.sigstore.json")), artifact, identity));
    }

    @Test
    void aDsseEnvelopeWithTwoSignatures_isNotABundle() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BundleParser.parse(
                vector("sigstore-go/testdata/bundles/dsse-2sigs.sigstore.json")));
        assertTrue(refused.getMessage().contains("has 2 signatures; a bundle carries exactly one"),
                refused.getMessage());
    }
}
