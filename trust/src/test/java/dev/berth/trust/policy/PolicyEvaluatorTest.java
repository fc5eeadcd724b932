package dev.berth.trust.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy applied to containers/image's dir: images (resources/vectors/simple-signing/dir-img-*). */
class PolicyEvaluatorTest {

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = PolicyEvaluatorTest.class.getResourceAsStream("/vectors/simple-signing/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The image's signatures, signature-1, signature-2, … as the dir: transport stores them. */
    private static List<byte[]> signatures(String image) throws IOException {
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 1; vector(image + "/signature-" + i) != null; i++) {
            signatures.add(vector(image + "/signature-" + i));
        }
        return signatures;
    }

    private static PolicyEvaluator policy(String testingRequirement) throws IOException {
        String key = Base64.getEncoder().encodeToString(vector("public-key.gpg"));
        String json = """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {
                   "docker.io/testing/manifest": [%s],
                   "docker.io/testing/sigstore": [{"type": "sigstoreSigned", "keyData": "%s"}]}}}
                """.formatted(testingRequirement.replace("KEY", key), key);
        return new PolicyEvaluator(PolicyParser.parse("policy.json", json.getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC());
    }

    private static PolicyEvaluator.Verdict evaluate(PolicyEvaluator policy, String reference, String image)
            throws IOException {
        return policy.evaluate(Reference.parse(reference), vector(image + "/manifest.json"),
                FoundSignatures.simpleSigning(signatures(image)));
    }

    private static final String SIGNED_BY = "{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyData\": \"KEY\"}";

    @Test
    void aSignedImage_isAccepted_byItsSignerAndIdentity_evenWithAnInvalidSignatureBeside() throws Exception {
        PolicyEvaluator policy = policy(SIGNED_BY);
        for (String image : List.of("dir-img-valid", "dir-img-valid-2", "dir-img-mixed")) {
            PolicyEvaluator.Verdict verdict = evaluate(policy, "testing/manifest:latest", image);
            PolicyEvaluator.Verdict.Accepted accepted = assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class,
                    verdict, image);
            assertEquals("docker:docker.io/testing/manifest", accepted.scope());
            assertEquals("08CD26E446E2E95249B7A405E932F44B23E8DD43", accepted.signatures().getFirst().signer());
        }
    }

    @Test
    void unsignedModifiedOrRenamedImages_andWhatBerthCannotCheck_areRejectedSayingWhy() throws Exception {
        PolicyEvaluator policy = policy(SIGNED_BY);
        Object[][] table = {
                {"testing/manifest:latest", "dir-img-unsigned", "the image has no simple signing signatures"},
                {"testing/manifest:latest", "dir-img-modified-manifest", "is for manifest sha256:20bf21ed"},
                {"testing/manifest:v2", "dir-img-valid", "MatchRepoDigestOrExact does not accept"},
                {"example.com/other:1", "dir-img-valid", "the policy rejects every image here"},
                {"testing/sigstore:1", "dir-img-valid", "keyData is not a PEM public key"},
        };
        for (Object[] row : table) {
            PolicyEvaluator.Verdict verdict = evaluate(policy, (String) row[0], (String) row[1]);
            PolicyEvaluator.Verdict.Rejected rejected = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                    verdict, row[0] + " " + row[1]);
            assertTrue(rejected.reason().contains((String) row[2]), rejected.reason());
        }
    }

    @Test
    void matchRepository_acceptsAnotherTagOfTheSignedRepository() throws Exception {
        PolicyEvaluator policy = policy(SIGNED_BY.replace("}", ", \"signedIdentity\": {\"type\": "
                + "\"matchRepository\"}}"));
        assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class, evaluate(policy, "testing/manifest:v2",
                "dir-img-valid"));
    }
}
