package dev.berth.trust.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** containers-policy.json as podman and skopeo users have it: containers/image's own fixture, and its rules. */
class PolicyTest {

    private static Policy fixture() throws IOException {
        try (InputStream in = PolicyTest.class.getResourceAsStream("/vectors/simple-signing/policy.json")) {
            return PolicyParser.parse("policy.json", in.readAllBytes());
        }
    }

    @Test
    void containersImagesFixture_parses_withEveryRequirementAndIdentityType() throws Exception {
        Policy policy = fixture();
        assertEquals(List.of(new Requirement.Reject()), policy.defaults());
        Requirement hardened = policy.transports().get("docker").get("example.com/hardened").getFirst();
        assertEquals(new IdentityRequirement.MatchRepository(), ((Requirement.SignedBy) hardened).identity());
        Requirement mirror = policy.transports().get("docker").get("private-mirror:5000/vendor-mirror").getFirst();
        assertInstanceOf(IdentityRequirement.RemapIdentity.class, ((Requirement.SignedBy) mirror).identity());
        assertInstanceOf(Requirement.SigstoreSigned.class,
                policy.transports().get("docker").get("example.com/sigstore/key-path-example").getFirst());
    }

    @Test
    void theMostSpecificScope_applies_downToWildcardsThenTheDefault() throws Exception {
        Policy policy = fixture();
        Object[][] table = {
                {"example.com/playground/app:1", "docker:example.com/playground"},
                {"example.com/production", "docker:example.com/production"},
                {"registry.access.redhat.com/rhel7/rhel:7", "docker:registry.access.redhat.com"},
                {"cdn.access.redhat.com/rhel7/rhel:7", "docker:*.access.redhat.com"},
                {"other.redhat.com/x:1", "docker:*.redhat.com"},
                {"example.com/elsewhere:1", "docker:*.com"},
                {"private-mirror:5000/vendor-mirror/app:1", "docker:private-mirror:5000/vendor-mirror"},
                {"example.org/app:1", "default"},
                {"busybox", "default"},
        };
        for (Object[] row : table) {
            assertEquals(row[1], policy.forImage(Reference.parse((String) row[0])).scope(), (String) row[0]);
        }
    }

    @Test
    void whatContainersImageRefuses_isRefused_namingThePlace() {
        Object[][] table = {
                {"{}", "policy.json has no \"default\" requirements"},
                {"{\"default\":[]}", "policy.json: default is not a non-empty list"},
                {"{\"default\":[{\"type\":\"reject\"}],\"extra\":1}", "policy.json has an unknown key \"extra\""},
                {"{\"default\":[{\"type\":\"reject\"}],\"default\":[]}", "policy.json is not JSON (Duplicate field"},
                {"{\"default\":[{\"type\":\"reject\",\"x\":1}]}", "policy.json: default[0] has an unknown key \"x\""},
                {"{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"a\",\"keyData\":\"\"}]}",
                        "policy.json: default[0] needs exactly one of keyPath, keyPaths and keyData"},
                {"{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"RSA\",\"keyPath\":\"a\"}]}",
                        "policy.json: default[0] has an unknown keyType \"RSA\""},
                {"{\"default\":[{\"type\":\"accept\"}]}", "policy.json: default[0] has an unknown type \"accept\""},
                {"{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"a.io\":[{\"type\":\"signedBy\","
                        + "\"keyType\":\"GPGKeys\",\"keyPath\":\"k\",\"signedIdentity\":{\"type\":\"exactReference\","
                        + "\"dockerReference\":\"a.io/app\"}}]}}}",
                        "policy.json: transports.docker[\"a.io\"][0].signedIdentity dockerReference needs a tag"},
        };
        for (Object[] row : table) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PolicyParser.parse("policy.json", ((String) row[0]).getBytes(StandardCharsets.UTF_8)));
            assertEquals(true, e.getMessage().startsWith((String) row[1]), e.getMessage());
        }
    }

    @Test
    void signedIdentities_acceptWhatTheManPageSays_andNotASignatureCopiedToAnotherRepositoryOrTag() {
        String digest = "sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55";
        IdentityRequirement exact = new IdentityRequirement.MatchExact();
        IdentityRequirement digestOrExact = new IdentityRequirement.MatchRepoDigestOrExact();
        IdentityRequirement repository = new IdentityRequirement.MatchRepository();
        IdentityRequirement mirrored = new IdentityRequirement.ExactReference(Reference.parse("quay.io/org/app:1"));
        IdentityRequirement anyTagThere = new IdentityRequirement.ExactRepository(Reference.parse("quay.io/org/app"));
        IdentityRequirement remap = new IdentityRequirement.RemapIdentity("mirror.local:5000/quay", "quay.io");
        Object[][] table = {
                // requirement, image, signed, accepted
                {exact, "busybox:latest", "docker.io/library/busybox:latest", true},
                {exact, "busybox:latest", "busybox:1.36", false},
                {exact, "busybox@" + digest, "busybox:latest", false},
                {exact, "busybox:latest", "other/busybox:latest", false},
                {digestOrExact, "busybox@" + digest, "busybox:any", true},
                {digestOrExact, "busybox@" + digest, "evil/busybox:any", false},
                {digestOrExact, "busybox:1", "busybox:2", false},
                {repository, "busybox:latest", "busybox:1.36", true},
                {repository, "busybox:latest", "library/alpine:latest", false},
                {repository, "busybox:latest", "mirror.local/library/busybox:latest", false},
                {mirrored, "mirror.local/app:1", "quay.io/org/app:1", true},
                {mirrored, "mirror.local/app:1", "quay.io/org/app:2", false},
                {anyTagThere, "mirror.local/app:1", "quay.io/org/app:2", true},
                {anyTagThere, "mirror.local/app:1", "quay.io/org/other:2", false},
                {remap, "mirror.local:5000/quay/org/app:1", "quay.io/org/app:1", true},
                {remap, "mirror.local:5000/quay/org/app:1", "quay.io/org/app:2", false},
                {remap, "mirror.local:5000/other/app:1", "mirror.local:5000/other/app:1", true},
        };
        for (Object[] row : table) {
            assertEquals(row[3], ((IdentityRequirement) row[0]).matches(Reference.parse((String) row[1]),
                    Reference.parse((String) row[2])), row[0] + ": " + row[1] + " signed as " + row[2]);
        }
    }
}
