package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.client.RegistryClient;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.BundleReferrers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless signatures end to end, with a private Sigstore instance made by the test (CA, CT log, Rekor log, trusted
 * root): an image signed by the expected identity and issuer passes {@code berth verify --trusted-root}, {@code berth
 * pull}, {@code FROM} and the registry's policy; one signed by another identity, by another issuer, or with a
 * certificate that had expired when the log saw the signature is refused at all of them, saying why.
 */
class KeylessIT {

    private static final String IDENTITY = "https://github.com/berth/app/.github/workflows/release.yml@refs/heads/main";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;
    private static TestSigstore sigstore;
    private static String address;
    private static Path policy;
    private static Path trustedRoot;

    @BeforeAll
    static void start() throws Exception {
        int port = BerthProcess.freePort();
        address = "127.0.0.1:" + port;
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        sigstore = new TestSigstore();
        trustedRoot = Files.writeString(work.resolve("trusted_root.json"), sigstore.trustedRoot());
        policy = Files.writeString(work.resolve("policy.json"), """
                {"default": [{"type": "insecureAcceptAnything"}],
                 "transports": {"docker": {"%s/keyless": [{"type": "sigstoreSigned",
                   "keyless": {"trustedRootPath": "%s", "subject": "%s", "issuer": "%s"},
                   "signedIdentity": {"type": "matchRepository"}}]}}}
                """.formatted(address, trustedRoot, IDENTITY, ISSUER));
        Path config = Files.writeString(work.resolve("berth.yaml"), "signatures:\n  policy: policy.json\n");
        berth = BerthProcess.start(work.resolve("data"), port, "--config", config.toString());
        Instant now = Instant.now();
        signed("keyless/valid", IDENTITY, ISSUER, now.minusSeconds(60), now);
        signed("keyless/other-identity", "https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main",
                ISSUER, now.minusSeconds(60), now);
        signed("keyless/other-issuer", IDENTITY, "https://accounts.example.com", now.minusSeconds(60), now);
        signed("keyless/expired", IDENTITY, ISSUER, now.minusSeconds(3600), now.minusSeconds(1800));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    private static void signed(String repository, String identity, String issuer, Instant issued, Instant logged)
            throws Exception {
        busybox.pushTo(berth, repository + ":1");
        byte[] bundle = sigstore.sign(address + "/" + repository, busybox.manifestDigest(), identity, issuer,
                issued, logged);
        new BundleReferrers().attach(new RegistryClient(Credentials.load(Map.of("HOME", work.toString())), Set.of(),
                Map.of()).repository(Reference.parse(address + "/" + repository)), busybox.describe(), bundle,
                "https://sigstore.dev/cosign/sign/v1", Clock.systemUTC());
    }

    @Test
    void theExpectedIdentity_passesVerify_pull_from_andTheRegistry() throws Exception {
        String image = address + "/keyless/valid:1";
        Tool.Result verified = Tool.exec(BerthCommand.command("verify", "--trusted-root", trustedRoot.toString(),
                "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER, image), Map.of(), "");
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("Sigstore bundle signature by " + IDENTITY + " (" + ISSUER + ")"),
                verified.output());
        Tool.Result pulled = Tool.exec(BerthCommand.command("pull", "--data", work.resolve("pull-valid").toString(),
                "--signature-policy", policy.toString(), image), Map.of(), "");
        assertEquals(0, pulled.exit(), pulled.output());
        HttpResponse<Void> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + address + "/v2/keyless/valid/manifests/1")).header("Accept",
                "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, got.statusCode());
    }

    @Test
    void anotherIdentity_anotherIssuer_andAnExpiredCertificate_areRefusedEverywhere() throws Exception {
        EnforcementPoints.refusedEverywhere(work, address, "keyless/other-identity", "not "
                + IDENTITY, policy, true);
        EnforcementPoints.refusedEverywhere(work, address, "keyless/other-issuer", "the certificate's OIDC issuer "
                + "is https://accounts.example.com, not " + ISSUER, policy, true);
        EnforcementPoints.refusedEverywhere(work, address, "keyless/expired", "the signing certificate was not "
                + "valid at", policy, true);
        Tool.Result otherIdentity = Tool.exec(BerthCommand.command("verify", "--trusted-root", trustedRoot.toString(),
                "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER, address
                        + "/keyless/other-identity:1"), Map.of(), "");
        assertEquals(1, otherIdentity.exit(), otherIdentity.output());
    }
}
