package dev.berth.trust.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.trust.keys.PublicKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * containers/image's Rekor SET vectors (resources/vectors/cosign-legacy/rekor-set-vectors): the public-good log's
 * timestamp verifies offline; another key, another signature, an empty SET, or an RSA "Rekor key" do not.
 */
class RekorSetVerifierTest {

    private static byte[] vector(String name) throws Exception {
        try (InputStream in = RekorSetVerifierTest.class.getResourceAsStream("/vectors/cosign-legacy/" + name)) {
            return in.readAllBytes();
        }
    }

    private static RekorSetVerifier trusting(String key) throws Exception {
        return new RekorSetVerifier(List.of(PublicKeys.readPem(key, new String(vector(key), StandardCharsets.US_ASCII))));
    }

    private static java.security.PublicKey certificateKey() throws Exception {
        return PublicKeys.ofKeyOrCertificate("rekor-cert", new String(vector("rekor-set-vectors/rekor-cert"),
                StandardCharsets.US_ASCII));
    }

    private static byte[] signature() throws Exception {
        return Base64.getDecoder().decode(new String(vector("rekor-set-vectors/rekor-sig"), StandardCharsets.US_ASCII)
                .strip());
    }

    @Test
    void theLogsTimestamp_verifiesOffline_andSaysWhenTheSignatureWasLogged() throws Exception {
        Instant logged = trusting("rekor-set-vectors/rekor.pub").verify(vector("rekor-set-vectors/rekor-set"),
                signature(), certificateKey(), vector("rekor-set-vectors/rekor-payload"));
        assertEquals(Instant.parse("2022-12-12T18:48:19Z"), logged);
    }

    @Test
    void anotherLogKey_anotherSignature_orNoTimestamp_areRefused() throws Exception {
        byte[] set = vector("rekor-set-vectors/rekor-set");
        java.security.PublicKey cert = certificateKey();
        byte[] payload = vector("rekor-set-vectors/rekor-payload");
        assertTrue(assertThrows(SignatureRefusedException.class, () -> trusting("cosign.pub").verify(set,
                signature(), cert, payload)).getMessage().contains("not signed by a trusted Rekor key"));
        byte[] other = signature();
        other[other.length - 1] ^= 1;
        assertTrue(assertThrows(SignatureRefusedException.class, () -> trusting("rekor-set-vectors/rekor.pub")
                .verify(set, other, cert, payload)).getMessage().contains("records another signature"));
        byte[] empty = new String(set, StandardCharsets.US_ASCII).replaceFirst("\"SignedEntryTimestamp\":\"[^\"]*\"",
                "\"SignedEntryTimestamp\":\"\"").getBytes(StandardCharsets.US_ASCII);
        assertTrue(assertThrows(SignatureRefusedException.class, () -> trusting("rekor-set-vectors/rekor.pub")
                .verify(empty, signature(), cert, payload)).getMessage().contains("no signed entry timestamp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> trusting("some-rsa-key.pub")).getMessage()
                .contains("must be ECDSA"));
    }
}
