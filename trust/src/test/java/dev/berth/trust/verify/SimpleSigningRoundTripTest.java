package dev.berth.trust.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.simplesigning.SimpleSigningPayload;
import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.sign.OpenPgpSigner;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Berth signs with containers/image's published test key (secring.gpg) and verifies with its public key. */
class SimpleSigningRoundTripTest {

    private static byte[] vector(String name) throws Exception {
        try (InputStream in = SimpleSigningRoundTripTest.class.getResourceAsStream("/vectors/simple-signing/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSignatureBerthMakes_verifiesWithThePublicKey_andNamesWhatWasSigned() throws Exception {
        byte[] manifest = vector("image.manifest.json");
        OpenPgpSigner signer = OpenPgpSigner.read("secring.gpg", vector("secring.gpg"),
                Optional.of("08CD26E446E2E95249B7A405E932F44B23E8DD43"), new char[0]);
        byte[] signature = signer.sign(SimpleSigningPayload.write("registry.example/team/app:1",
                Digest.sha256(manifest), "Berth", Instant.parse("2026-11-29T12:00:00Z")), Instant.now());
        SimpleSigningVerifier verifier = new SimpleSigningVerifier(new OpenPgpVerifier(OpenPgpKeys.read(List.of(
                new OpenPgpKeys.Source("public-key.gpg", vector("public-key.gpg")))), Clock.systemUTC()));
        SimpleSigningVerifier.Verified verified = verifier.verify(signature, manifest);
        assertEquals("08CD26E446E2E95249B7A405E932F44B23E8DD43", verified.signer());
        assertEquals("registry.example/team/app:1", verified.dockerReference());
    }

    @Test
    void aProtectedKey_opensWithItsPassphrase_andSaysSoWithAnother() throws Exception {
        Optional<String> protectedKey = Optional.of("A3CD242DA6028093");
        assertEquals("F2B501009F78B0B340221A12A3CD242DA6028093", OpenPgpSigner.read("secring.gpg",
                vector("secring.gpg"), protectedKey, "WithPassphrase123".toCharArray()).fingerprint());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> OpenPgpSigner.read(
                "secring.gpg", vector("secring.gpg"), protectedKey, "wrong".toCharArray()));
        assertEquals("secring.gpg: the passphrase does not unlock key A3CD242DA6028093", wrong.getMessage());
        IllegalArgumentException several = assertThrows(IllegalArgumentException.class, () -> OpenPgpSigner.read(
                "secring.gpg", vector("secring.gpg"), Optional.empty(), new char[0]));
        assertTrue(several.getMessage().contains("several signing keys"), several.getMessage());
    }
}
