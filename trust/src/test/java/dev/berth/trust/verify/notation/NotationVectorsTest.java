package dev.berth.trust.verify.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.MediaType;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.format.notation.TrustPolicy;
import dev.berth.trust.verify.SignatureRefusedException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notary envelopes made by notation-go's suite (resources/vectors/notation, SOURCES.md): JWS and COSE, signing
 * authority and x509 schemes, RFC 3161 timestamps; each verifies under the trust store and level SOURCES.md gives,
 * and each invalid one is refused by the check that SOURCES.md names.
 */
class NotationVectorsTest {

    private static final Descriptor ALPINE = Descriptor.of(MediaType.OCI_MANIFEST, Digest.parse(
            "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0"), 481);
    private static final Descriptor MOCK = Descriptor.of(MediaType.DOCKER_MANIFEST, Digest.parse(
            "sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e"), 528);
    private static final Descriptor TIMESTAMPED = Descriptor.of(MediaType.DOCKER_MANIFEST, Digest.parse(
            "sha256:c0669ef34cdc14332c0f1ab0c2c01acb91d96014b172f1a76f3a39e63d1f0bda"), 528);

    @TempDir
    Path stores;

    private static Path vectors() throws URISyntaxException {
        return Path.of(NotationVectorsTest.class.getResource("/vectors/notation").toURI());
    }

    private static NotationEnvelope envelope(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(vectors().resolve("notation-go/envelopes/" + name));
        return NotationEnvelope.parse(name.contains("cose") || name.startsWith("timestamp/timestampAfter")
                ? NotationEnvelope.COSE : NotationEnvelope.JWS, bytes);
    }

    /** A trust store directory holding these stores, each from a vector file or directory. */
    private TrustStore store(String... storesAndFiles) throws Exception {
        for (int i = 0; i < storesAndFiles.length; i += 2) {
            String[] store = storesAndFiles[i].split(":");
            Path directory = Files.createDirectories(stores.resolve("x509").resolve(store[0]).resolve(store[1]));
            Path source = vectors().resolve(storesAndFiles[i + 1]);
            if (Files.isDirectory(source)) {
                try (var files = Files.list(source)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, directory.resolve(file.getFileName()));
                    }
                }
            } else {
                Files.copy(source, directory.resolve(source.getFileName()));
            }
        }
        return new TrustStore(stores);
    }

    /** A statement with this signatureVerification (its JSON members, or a level), trust stores and identity. */
    private static TrustPolicy.Statement statement(String verification, String stores, String identity) {
        verification = verification.startsWith("\"") ? verification : "\"level\": \"" + verification + "\"";
        String json = """
                {"version": "1.0", "trustPolicies": [{"name": "test", "registryScopes": ["*"],
                  "signatureVerification": {%s}, "trustStores": [%s], "trustedIdentities": ["%s"]}]}
                """.formatted(verification, stores, identity);
        return TrustPolicy.parse("trustpolicy.json", json.getBytes(StandardCharsets.UTF_8)).statements().getFirst();
    }

    private NotationVerifier.Verified verify(String envelope, Descriptor manifest, TrustStore store, String level,
                                             String stores) throws Exception {
        return new NotationVerifier(store, Clock.systemUTC()).verify(envelope(envelope),
                statement(level, stores, "*"), manifest);
    }

    @Test
    void jwsAndCoseEnvelopes_verifyUnderTheirTrustStore_forTheManifestTheySign() throws Exception {
        TrustStore store = store("ca:alpine", "derived/alpine-2000-2123.crt.pem");
        for (String name : new String[] {"jws_signature.sig", "cose_signature.sig"}) {
            NotationVerifier.Verified verified = verify(name, ALPINE, store, "strict", "\"ca:alpine\"");
            assertTrue(verified.signer().contains("CN=alpine"), verified.signer());
        }
        SignatureRefusedException other = assertThrows(SignatureRefusedException.class, () -> verify(
                "jws_signature.sig", MOCK, store, "strict", "\"ca:alpine\""));
        assertTrue(other.getMessage().startsWith("integrity: the signature is for"), other.getMessage());
    }

    @Test
    void theSchemesTrustStoreType_theSignature_andTheExpiry_areEachChecked() throws Exception {
        TrustStore store = store("ca:valid", "notation-go/truststore/x509/ca/valid-trust-store/NotationTestRoot.pem",
                "signingAuthority:valid",
                "notation-go/truststore/x509/signingAuthority/valid-trust-store/NotationTestRoot.pem");
        verify("mock/ca_valid_sig_env.json", MOCK, store, "strict", "\"ca:valid\"");
        verify("mock/sa_valid_sig_env.json", MOCK, store, "strict", "\"signingAuthority:valid\"");
        Object[][] refused = {
                {"mock/sa_valid_sig_env.json", "strict", "\"ca:valid\"", "authenticity: the signing certificate"},
                {"mock/ca_invalid_sig_env.json", "strict", "\"ca:valid\"", "integrity: the signature does not verify"},
                {"mock/ca_expired_sig_env.json", "strict", "\"ca:valid\"", "expiry: the signature expired"},
                {"mock/ca_invalid_sig_env.json", "audit", "\"ca:valid\"", "integrity"},
        };
        for (Object[] row : refused) {
            SignatureRefusedException e = assertThrows(SignatureRefusedException.class, () -> verify(
                    (String) row[0], MOCK, store, (String) row[1], (String) row[2]), (String) row[0]);
            assertTrue(e.getMessage().contains((String) row[3]), row[0] + ": " + e.getMessage());
        }
        NotationVerifier.Verified logged = verify("mock/ca_expired_sig_env.json", MOCK, store, "permissive",
                "\"ca:valid\"");
        assertTrue(logged.warnings().stream().anyMatch(warning -> warning.startsWith("expiry:")), logged.toString());
    }

    @Test
    void aTrustedTimestamp_vouchesForAnExpiredCertificate_andWithoutATsaStoreItDoesNot() throws Exception {
        TrustStore store = store("ca:valid", "notation-go/truststore/x509/ca/valid-trust-store",
                "tsa:test", "notation-go/truststore/x509/tsa/test-timestamp/globalsignRoot.cer");
        verify("timestamp/jwsWithTimestamp.sig", TIMESTAMPED, store, "strict", "\"ca:valid\", \"tsa:test\"");
        String auditTimestamps = "\"level\": \"audit\", \"override\": {\"authenticTimestamp\": \"enforce\"}";
        NotationVerifier.Verified stamped = verify("timestamp/jwsExpiredWithTimestamp.sig", TIMESTAMPED, store,
                auditTimestamps, "\"ca:valid\", \"tsa:test\"");
        assertTrue(stamped.signedAt().toString().startsWith("2024-06-18"), stamped.toString());
        SignatureRefusedException noTsa = assertThrows(SignatureRefusedException.class, () -> verify(
                "timestamp/jwsExpiredWithTimestamp.sig", TIMESTAMPED, store, auditTimestamps, "\"ca:valid\""));
        assertTrue(noTsa.getMessage().startsWith("authentic timestamp:"), noTsa.getMessage());
        SignatureRefusedException early = assertThrows(SignatureRefusedException.class, () -> verify(
                "timestamp/timestampBeforeNotBefore.sig", TIMESTAMPED, store, "strict", "\"ca:valid\", \"tsa:test\""));
        assertTrue(early.getMessage().startsWith("authentic timestamp:"), early.getMessage());
    }

    @Test
    void onlyTheTrustedIdentities_areAccepted() throws Exception {
        TrustStore store = store("ca:alpine", "derived/alpine-2000-2123.crt.pem");
        NotationVerifier verifier = new NotationVerifier(store, Clock.systemUTC());
        verifier.verify(envelope("jws_signature.sig"), statement("strict", "\"ca:alpine\"",
                "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=alpine"), ALPINE);
        SignatureRefusedException other = assertThrows(SignatureRefusedException.class, () -> verifier.verify(
                envelope("jws_signature.sig"), statement("strict", "\"ca:alpine\"",
                        "x509.subject: C=US, ST=WA, O=Notary, CN=someone-else"), ALPINE));
        assertTrue(other.getMessage().contains("is not a trusted identity"), other.getMessage());
    }

    @Test
    void anUnknownCriticalHeader_orAMalformedEnvelope_isRefusedBeforeAnyCheck() throws Exception {
        String jws = Files.readString(vectors().resolve("notation-go/envelopes/jws_signature.sig"));
        String protectedB64 = jws.replaceAll("(?s).*\"protected\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String header = new String(Base64.getUrlDecoder().decode(protectedB64), StandardCharsets.UTF_8)
                .replace("\"crit\":[", "\"crit\":[\"io.example.mustUnderstand\",")
                .replace("{", "{\"io.example.mustUnderstand\":true,");
        String tampered = jws.replace(protectedB64, Base64.getUrlEncoder().withoutPadding().encodeToString(
                header.getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException critical = assertThrows(IllegalArgumentException.class, () -> NotationEnvelope.parse(
                NotationEnvelope.JWS, tampered.getBytes(StandardCharsets.UTF_8)));
        assertTrue(critical.getMessage().contains("critical header Berth does not understand: "
                + "io.example.mustUnderstand"), critical.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NotationEnvelope.parse(NotationEnvelope.COSE,
                "not cbor".getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class, () -> TrustPolicy.parse(
                "p.json", Files.readAllBytes(vectors().resolve(
                        "notation-e2e/trustpolicies/missing_country_trusted_identity_trustpolicy.json"))));
        assertTrue(policy.getMessage().contains("without C"), policy.getMessage());
    }

    @Test
    void notationsOwnTrustPolicies_parse_orAreRefusedAsNotationRefusesThem() throws Exception {
        for (String valid : new String[] {"trustpolicy.json", "permissive_trustpolicy.json", "skip_trustpolicy.json",
                "multiple_registry_scope_trustpolicy.json", "timestamp_trustpolicy.json",
                "timestamp_after_cert_expiry_trustpolicy.json"}) {
            TrustPolicy.parse(valid, Files.readAllBytes(vectors().resolve("notation-e2e/trustpolicies/" + valid)));
        }
        for (String invalid : new String[] {"invalid_format_trustpolicy.json",
                "overlapped_registry_scope_trustpolicy.json",
                "wildcard_plus_other_registry_scope_trustpolicy.json", "malformed_registry_scope_trustpolicy.json",
                "multi_statements_with_the_same_name_trustpolicy.json"}) {
            assertThrows(IllegalArgumentException.class, () -> TrustPolicy.parse(invalid, Files.readAllBytes(
                    vectors().resolve("notation-e2e/trustpolicies/" + invalid))), invalid);
        }
        assertEquals("e2e", TrustPolicy.parse("t", Files.readAllBytes(vectors().resolve(
                "notation-e2e/trustpolicies/trustpolicy.json"))).forRepository("any/repo").orElseThrow().name());
    }
}
