package dev.berth.trust.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * containers/image's simple-signing fixtures (resources/vectors/simple-signing, SOURCES.md says what each is and how
 * gpg judged it): every valid one verifies, every invalid one is refused for the reason gpg and containers/image give.
 */
class SimpleSigningVectorsTest {

    private static final String MANIFEST_DIGEST = "sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55";
    private static final String TESTING_KEY = "08CD26E446E2E95249B7A405E932F44B23E8DD43";
    /** After the expired vector's signature expired (1750759200), as the suites run today. */
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);

    private static byte[] vector(String name) {
        try (InputStream in = SimpleSigningVectorsTest.class.getResourceAsStream("/vectors/simple-signing/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SimpleSigningVerifier trusting(String... keyFiles) {
        List<OpenPgpKeys.Source> sources = new ArrayList<>();
        for (String file : keyFiles) {
            sources.add(new OpenPgpKeys.Source(file, vector(file)));
        }
        return new SimpleSigningVerifier(new OpenPgpVerifier(OpenPgpKeys.read(sources), NOW));
    }

    @Test
    void validSignatures_verify_namingTheSignerTheDigestAndTheReference() throws Exception {
        Object[][] valid = {
                // signature, trusted key, signer, reference
                {"image.signature", "public-key.gpg", TESTING_KEY, "testing/manifest"},
                {"no-optional-fields.signature", "public-key.gpg", TESTING_KEY, "testing/manifest"},
                {"dir-img-valid/signature-1", "public-key.gpg", TESTING_KEY, "testing/manifest:latest"},
                {"dir-img-valid-2/signature-2", "public-key.gpg", TESTING_KEY, "testing/manifest:latest"},
                {"subkey.signature", "public-key-with-subkey.gpg", "B9F4CDB9FD8C475BFA340AC38D54A947EE396F36",
                        "testing/manifest:latest"},
                {"subkey.signature-v3", "public-key-with-subkey.gpg", "B9F4CDB9FD8C475BFA340AC38D54A947EE396F36",
                        "testing/manifest:latest"},
                {"image.signature", "pubring.gpg", TESTING_KEY, "testing/manifest"},
        };
        for (Object[] row : valid) {
            SimpleSigningVerifier.Verified verified = trusting((String) row[1])
                    .verify(vector((String) row[0]), vector("image.manifest.json"));
            assertEquals(row[2], verified.signer(), (String) row[0]);
            assertEquals(MANIFEST_DIGEST, verified.manifestDigest().toString(), (String) row[0]);
            assertEquals(row[3], verified.dockerReference(), (String) row[0]);
        }
    }

    @Test
    void invalidSignatures_areRefused_forTheirReason() {
        Object[][] invalid = {
                // signature, trusted key, manifest, reason
                {"corrupt.signature", "public-key.gpg", "image.manifest.json", Reason.BAD_SIGNATURE},
                {"corrupt.signature-v3", "public-key.gpg", "image.manifest.json", Reason.BAD_SIGNATURE},
                {"expired.signature", "public-key.gpg", "image.manifest.json", Reason.EXPIRED},
                {"invalid-blob.signature", "public-key.gpg", "image.manifest.json", Reason.BAD_PAYLOAD},
                {"invalid-blob.signature-v3", "public-key.gpg", "image.manifest.json", Reason.BAD_PAYLOAD},
                {"invalid-reference.signature", "public-key.gpg", "image.manifest.json", Reason.BAD_PAYLOAD},
                {"unknown-key.signature", "public-key.gpg", "image.manifest.json", Reason.UNKNOWN_KEY},
                {"unknown-key.signature-v3", "public-key.gpg", "image.manifest.json", Reason.UNKNOWN_KEY},
                {"unsigned-encrypted.signature", "public-key.gpg", "image.manifest.json", Reason.NOT_SIGNED},
                {"unsigned-literal.signature", "public-key.gpg", "image.manifest.json", Reason.NOT_SIGNED},
                {"subkey-revoked.signature", "public-key-with-revoked-subkey.gpg", "image.manifest.json",
                        Reason.REVOKED_KEY},
                {"subkey-revoked.signature-v3", "public-key-with-revoked-subkey.gpg", "image.manifest.json",
                        Reason.REVOKED_KEY},
                {"image.signature", "public-key-2.gpg", "image.manifest.json", Reason.UNKNOWN_KEY},
                {"dir-img-modified-manifest/signature-1", "public-key.gpg", "dir-img-modified-manifest/manifest.json",
                        Reason.DIGEST_MISMATCH},
                {"dir-img-manifest-digest-error/signature-1", "public-key.gpg",
                        "dir-img-manifest-digest-error/manifest.json", Reason.DIGEST_MISMATCH},
                {"dir-img-mixed/signature-1", "public-key.gpg", "dir-img-mixed/manifest.json", Reason.BAD_PAYLOAD},
        };
        List<String> wrong = new ArrayList<>();
        for (Object[] row : invalid) {
            SimpleSigningVerifier verifier = trusting((String) row[1]);
            try {
                verifier.verify(vector((String) row[0]), vector((String) row[2]));
                wrong.add(row[0] + ": verified, should be refused for " + row[3]);
            } catch (SignatureRefusedException e) {
                if (e.reason() != row[3]) {
                    wrong.add(row[0] + ": refused for " + e.reason() + " (" + e.getMessage() + "), not " + row[3]);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void somethingThatIsNoKey_isRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenPgpKeys.read(
                List.of(new OpenPgpKeys.Source("keyData", "not a key".getBytes()))));
        assertEquals(true, e.getMessage().startsWith("keyData "), e.getMessage());
    }

    @Test
    void oversizedSignatures_areRefusedUnread() {
        SignatureRefusedException e = assertThrows(SignatureRefusedException.class, () -> trusting("public-key.gpg")
                .verify(new byte[OpenPgpVerifier.MAXIMUM_BYTES + 1], vector("image.manifest.json")));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }
}
