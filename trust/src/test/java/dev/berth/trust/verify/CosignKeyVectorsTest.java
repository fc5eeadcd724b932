package dev.berth.trust.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * containers/image's cosign fixtures made with keys (resources/vectors/cosign-legacy, SOURCES.md): the valid ones
 * verify with their key, the others are refused for their reason. (Keyless and Rekor vectors come with Fulcio and
 * Rekor verification.)
 */
class CosignKeyVectorsTest {

    private static byte[] vector(String name) {
        try (InputStream in = CosignKeyVectorsTest.class.getResourceAsStream("/vectors/cosign-legacy/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CosignKeyVerifier trusting(String... keyFiles) {
        return new CosignKeyVerifier(java.util.Arrays.stream(keyFiles)
                .map(file -> PublicKeys.readPem(file, new String(vector(file), StandardCharsets.US_ASCII)))
                .toList());
    }

    private static CosignKeyVerifier.Verified verify(CosignKeyVerifier verifier, String image, String signature)
            throws SignatureRefusedException {
        return verifier.verify(CosignSignature.fromSigstoreJson(vector(image + "/" + signature)),
                vector(image + "/manifest.json"));
    }

    @Test
    void validSignatures_verifyWithTheirKey_namingTheSignedReference() throws Exception {
        Object[][] valid = {
                {"dir-img-cosign-valid", "signature-1", "cosign.pub", "192.168.64.2:5000/cosign-signed-single-sample"},
                {"dir-img-cosign-valid-2", "signature-2", "cosign.pub", "192.168.64.2:5000/cosign-signed-single-sample"},
                {"dir-img-cosign-valid-with-tag", "signature-1", "cosign.pub",
                        "192.168.64.2:5000/skopeo-signed:tag"},
                {"dir-img-cosign-mixed", "signature-2", "cosign.pub", "192.168.64.2:5000/cosign-signed-single-sample"},
                {"dir-img-cosign-key-rekor-valid", "signature-1", "cosign2.pub",
                        "192.168.64.2:5000/cosign-signed/key-1"},
        };
        for (Object[] row : valid) {
            CosignKeyVerifier.Verified verified = verify(trusting((String) row[2]), (String) row[0],
                    (String) row[1]);
            assertEquals(row[3], verified.dockerReference(), row[0] + "/" + row[1]);
        }
    }

    @Test
    void invalidSignatures_areRefused_forTheirReason() {
        Object[][] invalid = {
                {"dir-img-cosign-mixed", "signature-1", "cosign.pub", Reason.UNKNOWN_KEY},
                {"dir-img-cosign-valid", "signature-1", "cosign2.pub", Reason.UNKNOWN_KEY},
                {"dir-img-cosign-modified-manifest", "signature-1", "cosign.pub", Reason.DIGEST_MISMATCH},
                {"dir-img-cosign-manifest-digest-error", "signature-1", "cosign.pub", Reason.DIGEST_MISMATCH},
                {"dir-img-cosign-other-attachment", "signature-1", "cosign.pub", Reason.NOT_SIGNED},
        };
        List<String> wrong = new ArrayList<>();
        for (Object[] row : invalid) {
            try {
                verify(trusting((String) row[2]), (String) row[0], (String) row[1]);
                wrong.add(row[0] + ": verified, should be refused for " + row[3]);
            } catch (SignatureRefusedException e) {
                if (e.reason() != row[3]) {
                    wrong.add(row[0] + ": refused for " + e.reason() + " (" + e.getMessage() + "), not " + row[3]);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
