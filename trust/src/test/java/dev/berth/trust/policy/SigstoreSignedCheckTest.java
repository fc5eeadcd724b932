package dev.berth.trust.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.keys.PublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sigstoreSigned} with keys over containers/image's cosign fixtures (resources/vectors/cosign-legacy,
 * SOURCES.md), the way podman applies such a policy to a registry's {@code .sig} attachments.
 */
class SigstoreSignedCheckTest {

    private static final String IMAGE = "192.168.64.2:5000/cosign-signed-single-sample";

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = SigstoreSignedCheckTest.class.getResourceAsStream("/vectors/cosign-legacy/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static FoundSignatures signatures(String image) throws IOException {
        List<CosignSignature> found = new ArrayList<>();
        for (int i = 1; vector(image + "/signature-" + i) != null; i++) {
            found.add(CosignSignature.fromSigstoreJson(vector(image + "/signature-" + i)));
        }
        return FoundSignatures.cosign(found);
    }

    private static String data(String file) throws IOException {
        return Base64.getEncoder().encodeToString(vector(file));
    }

    private static PolicyEvaluator.Verdict evaluate(String requirement, String reference, String image)
            throws IOException {
        String json = "{\"default\": [" + requirement + "]}";
        return new PolicyEvaluator(PolicyParser.parse("policy.json", json.getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC()).evaluate(Reference.parse(reference), vector(image + "/manifest.json"),
                signatures(image));
    }

    private static String byKey(String key, String extra) throws IOException {
        return "{\"type\": \"sigstoreSigned\", \"keyData\": \"" + data(key) + "\"" + extra
                + ", \"signedIdentity\": {\"type\": \"matchRepository\"}}";
    }

    @Test
    void signaturesByTheKey_areAccepted_evenBesideAnUnknownKeysSignature() throws Exception {
        for (String image : List.of("dir-img-cosign-valid", "dir-img-cosign-valid-2", "dir-img-cosign-mixed")) {
            PolicyEvaluator.Verdict.Accepted accepted = assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class,
                    evaluate(byKey("cosign.pub", ""), IMAGE + ":latest", image), image);
            assertEquals("cosign", accepted.signatures().getFirst().format());
            assertEquals(IMAGE, accepted.signatures().getFirst().dockerReference());
            assertEquals(PublicKeys.fingerprint(PublicKeys.readPem("cosign.pub", new String(vector("cosign.pub"),
                    StandardCharsets.US_ASCII))), accepted.signatures().getFirst().signer());
        }
    }

    @Test
    void aRekorRequirement_acceptsOnlyLoggedSignatures() throws Exception {
        String rekor = ", \"rekorPublicKeyData\": \"" + data("rekor.pub") + "\"";
        assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class, evaluate(byKey("cosign2.pub", rekor),
                "192.168.64.2:5000/cosign-signed/key-1:latest", "dir-img-cosign-key-rekor-valid"));
        PolicyEvaluator.Verdict.Rejected unlogged = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                evaluate(byKey("cosign.pub", rekor), IMAGE + ":latest", "dir-img-cosign-valid"));
        assertTrue(unlogged.reason().contains("has no Rekor signed entry timestamp"), unlogged.reason());
    }

    @Test
    void otherKeys_modifiedManifests_otherRepositories_andOtherAttachments_areRefusedSayingWhy() throws Exception {
        Object[][] table = {
                {byKey("cosign2.pub", ""), IMAGE, "dir-img-cosign-valid", "no trusted key made this signature"},
                {byKey("cosign.pub", ""), IMAGE, "dir-img-cosign-modified-manifest", "is for manifest"},
                {byKey("cosign.pub", ""), "192.168.64.2:5000/other", "dir-img-cosign-valid",
                        "MatchRepository does not accept"},
                {byKey("cosign.pub", ""), IMAGE, "dir-img-cosign-other-attachment", "not a cosign signature"},
                {byKey("cosign.pub", "").replace(", \"signedIdentity\": {\"type\": \"matchRepository\"}", ""),
                        IMAGE + ":latest", "dir-img-cosign-valid", "MatchRepoDigestOrExact does not accept"},
        };
        for (Object[] row : table) {
            PolicyEvaluator.Verdict.Rejected rejected = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                    evaluate((String) row[0], (String) row[1], (String) row[2]), row[2] + " " + row[3]);
            assertTrue(rejected.reason().contains((String) row[3]), rejected.reason());
        }
    }

    private static String fulcio(String email, String rekor) throws IOException {
        return "{\"type\": \"sigstoreSigned\", \"fulcio\": {\"caData\": \"" + data("fulcio_v1.crt.pem")
                + "\", \"oidcIssuer\": \"https://github.com/login/oauth\", \"subjectEmail\": \"" + email + "\"},"
                + " \"rekorPublicKeyData\": \"" + data(rekor) + "\", \"signedIdentity\": {\"type\": "
                + "\"matchRepository\"}}";
    }

    @Test
    void aFulcioCertificate_isAccepted_forItsEmailAndIssuer_atTheTimeRekorLoggedIt() throws Exception {
        String image = "192.168.64.2:5000/cosign-signed/fulcio-rekor-1:latest";
        PolicyEvaluator.Verdict.Accepted accepted = assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class,
                evaluate(fulcio("mitr@redhat.com", "rekor.pub"), image, "dir-img-cosign-fulcio-rekor-valid"));
        assertEquals("mitr@redhat.com (https://github.com/login/oauth)", accepted.signatures().getFirst().signer());
        Object[][] table = {
                {fulcio("someone@example.com", "rekor.pub"), "not to the identity someone@example.com"},
                {fulcio("mitr@redhat.com", "cosign.pub"), "not signed by a trusted Rekor key"},
        };
        for (Object[] row : table) {
            PolicyEvaluator.Verdict.Rejected rejected = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                    evaluate((String) row[0], image, "dir-img-cosign-fulcio-rekor-valid"));
            assertTrue(rejected.reason().contains((String) row[1]), rejected.reason());
        }
    }

    @Test
    void aPrivatePkisCertificate_isAccepted_forItsEmailAndHost_only() throws Exception {
        String pki = "{\"type\": \"sigstoreSigned\", \"pki\": {\"caRootsData\": \"" + data("pki_root_crts.pem")
                + "\", \"caIntermediatesData\": \"" + data("pki_intermediate_crts.pem") + "\", \"subjectEmail\": "
                + "\"qiwan@redhat.com\", \"subjectHostname\": \"HOST\"}, \"signedIdentity\": {\"type\": "
                + "\"matchRepository\"}}";
        PolicyEvaluator.Verdict verdict = evaluate(pki.replace("HOST", "myhost.example.com"),
                "localhost:5000/test:latest", "dir-img-cosign-pki-valid");
        assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class, verdict, verdict.toString());
        PolicyEvaluator.Verdict.Rejected otherHost = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                evaluate(pki.replace("HOST", "other.example.com"), "localhost:5000/test:latest",
                        "dir-img-cosign-pki-valid"));
        assertTrue(otherHost.reason().contains("not to the host name other.example.com"), otherHost.reason());
        PolicyEvaluator.Verdict.Rejected otherRoot = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                evaluate(pki.replace("HOST", "myhost.example.com").replace(data("pki_root_crts.pem"),
                        data("fulcio_v1.crt.pem")), "localhost:5000/test:latest", "dir-img-cosign-pki-valid"));
        assertTrue(otherRoot.reason().contains("not vouched for"), otherRoot.reason());
    }
}
