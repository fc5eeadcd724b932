package dev.berth.trust.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.BundleParser;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.sigstore.BundleVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Berth's key-signed bundles, with every key type the issue names (ECDSA P-256 and P-384, Ed25519, RSA): each is a
 * v0.3 bundle whose DSSE statement names the repository and the manifest digest, verifies with the public key, and
 * is refused with another key or for another manifest.
 */
class BundleSignerTest {

    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

    private static KeyPair pair(String algorithm, Object parameter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameter instanceof String curve) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else if (parameter instanceof Integer bits) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
    }

    @Test
    void bundlesByEveryKeyType_verifyWithTheirKey_only() throws Exception {
        Object[][] keys = {{"EC", "secp256r1"}, {"EC", "secp384r1"}, {"Ed25519", null}, {"RSA", 2048}};
        KeyPair other = pair("EC", "secp256r1");
        for (Object[] type : keys) {
            KeyPair pair = pair((String) type[0], type[1]);
            Bundle bundle = BundleParser.parse(new BundleSigner(pair.getPrivate()).sign("registry.test/team/app",
                    Digest.sha256(MANIFEST)));
            assertEquals(Bundle.Version.V0_3, bundle.version());
            BundleVerifier verifier = new BundleVerifier(Optional.empty());
            BundleVerifier.Verified verified = verifier.verify(bundle, new BundleVerifier.Artifact.Bytes(MANIFEST),
                    new BundleVerifier.Expected.Key(pair.getPublic()));
            assertEquals("registry.test/team/app", verified.statement().orElseThrow().subjects().getFirst().name()
                    .orElseThrow(), type[0] + " " + type[1]);
            assertThrows(SignatureRefusedException.class, () -> verifier.verify(bundle,
                    new BundleVerifier.Artifact.Bytes(MANIFEST), new BundleVerifier.Expected.Key(other.getPublic())));
            SignatureRefusedException otherManifest = assertThrows(SignatureRefusedException.class, () ->
                    verifier.verify(bundle, new BundleVerifier.Artifact.Bytes("{}".getBytes(StandardCharsets.UTF_8)),
                            new BundleVerifier.Expected.Key(pair.getPublic())));
            assertTrue(otherManifest.getMessage().contains("subjects do not include the artifact"),
                    otherManifest.getMessage());
        }
    }
}
