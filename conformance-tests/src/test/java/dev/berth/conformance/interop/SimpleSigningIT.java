package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.FoundSignatures;
import dev.berth.trust.format.simplesigning.SimpleSigningPayload;
import dev.berth.trust.policy.PolicyEvaluator;
import dev.berth.trust.policy.PolicyParser;
import dev.berth.trust.sign.OpenPgpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPG simple signing between Berth and skopeo, with keys made by gpg: skopeo signs ({@code --sign-by}) and Berth
 * verifies under a containers-policy.json that skopeo itself enforces the same way; Berth signs and gpg and skopeo
 * accept it. Both accept with the signer's key and both refuse with another key.
 */
class SimpleSigningIT {

    private static final String IDENTITY = "localhost:5000/team/busybox:1";

    @TempDir
    static Path work;
    private static Path signed;
    private static String fingerprint;
    private static Path signerKey;
    private static Path otherKey;

    @BeforeAll
    static void sign() throws Exception {
        BusyboxLayout busybox = BusyboxLayout.write(work.resolve("busybox"));
        fingerprint = newKey("signer");
        signerKey = export("signer", fingerprint);
        otherKey = export("other", newKey("other"));
        signed = work.resolve("signed");
        Tool.exec(List.of("skopeo", "copy", "--sign-by", fingerprint, "--sign-identity", IDENTITY,
                "oci:" + busybox.directory() + ":latest", "dir:" + signed), Map.of("GNUPGHOME", gnupg("signer")
                .toString()), "");
        assertTrue(Files.exists(signed.resolve("signature-1")), "skopeo wrote a signature");
    }

    private static Path gnupg(String who) throws Exception {
        return GpgKeys.home(work, who);
    }

    private static String newKey(String who) throws Exception {
        return GpgKeys.newKey(work, who);
    }

    private static Path export(String who, String key) throws Exception {
        return GpgKeys.export(work, who, key);
    }

    /** A policy that skopeo applies to the dir: image and Berth to the image's registry name, trusting the key. */
    private static Path policy(Path key) throws Exception {
        String signedBy = """
                {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s",
                 "signedIdentity": {"type": "exactReference", "dockerReference": "%s"}}""".formatted(key, IDENTITY);
        return Files.writeString(work.resolve("policy-" + key.getFileName() + ".json"), """
                {"default": [{"type": "reject"}],
                 "transports": {"dir": {"": [%s]}, "docker": {"localhost:5000/team": [%s]}}}
                """.formatted(signedBy, signedBy));
    }

    private static PolicyEvaluator.Verdict berthVerdict(Path policy, String reference) throws Exception {
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 1; Files.exists(signed.resolve("signature-" + i)); i++) {
            signatures.add(Files.readAllBytes(signed.resolve("signature-" + i)));
        }
        return new PolicyEvaluator(PolicyParser.parse(policy.toString(), Files.readAllBytes(policy)),
                Clock.systemUTC()).evaluate(Reference.parse(reference), Files.readAllBytes(signed.resolve(
                "manifest.json")), FoundSignatures.simpleSigning(signatures));
    }

    private static void skopeoCopies(Path policy) {
        Tool.run("skopeo", "--policy", policy.toString(), "copy", "dir:" + signed,
                "dir:" + work.resolve("copy-" + System.nanoTime()));
    }

    @Test
    void skopeosSignature_isAcceptedByBerth_andBySkopeo_underTheSignersKey() throws Exception {
        Path policy = policy(signerKey);
        PolicyEvaluator.Verdict.Accepted accepted = assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class,
                berthVerdict(policy, IDENTITY));
        assertEquals(fingerprint, accepted.signatures().getFirst().signer());
        assertEquals(IDENTITY, accepted.signatures().getFirst().dockerReference());
        skopeoCopies(policy);
    }

    @Test
    void underAnotherKey_bothRefuse() throws Exception {
        Path policy = policy(otherKey);
        PolicyEvaluator.Verdict.Rejected rejected = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                berthVerdict(policy, IDENTITY));
        assertTrue(rejected.reason().contains("which is not a trusted key"), rejected.reason());
        AssertionError skopeo = assertThrows(AssertionError.class, () -> skopeoCopies(policy));
        assertTrue(skopeo.getMessage().contains("Source image rejected"), skopeo.getMessage());
    }

    @Test
    void berthsSignature_isGoodForGpg_andAcceptedBySkopeo_underTheSignersKeyOnly() throws Exception {
        Path unsigned = work.resolve("berth-signed");
        Tool.run("skopeo", "copy", "--remove-signatures", "dir:" + signed, "dir:" + unsigned);
        Path secret = work.resolve("signer-secret.gpg");
        Tool.Result exported = Tool.exec(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                "--output", secret.toString(), "--export-secret-keys", fingerprint),
                Map.of("GNUPGHOME", gnupg("signer").toString()), "");
        assertEquals(0, exported.exit(), exported.output());
        OpenPgpSigner signer = OpenPgpSigner.read(secret.toString(), Files.readAllBytes(secret),
                java.util.Optional.of(fingerprint), new char[0]);
        byte[] manifest = Files.readAllBytes(unsigned.resolve("manifest.json"));
        Files.write(unsigned.resolve("signature-1"), signer.sign(SimpleSigningPayload.write(IDENTITY,
                Digest.sha256(manifest), "Berth", Instant.now()), Instant.now()));

        Tool.Result gpg = Tool.exec(List.of("gpg", "--status-fd", "1", "--output", "/dev/null", "--decrypt",
                unsigned.resolve("signature-1").toString()), Map.of("GNUPGHOME", gnupg("signer").toString()), "");
        assertTrue(gpg.output().contains("[GNUPG:] GOODSIG"), gpg.output());
        Tool.run("skopeo", "--policy", policy(signerKey).toString(), "copy", "dir:" + unsigned,
                "dir:" + work.resolve("berth-copy"));
        AssertionError refused = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "--policy",
                policy(otherKey).toString(), "copy", "dir:" + unsigned, "dir:" + work.resolve("berth-copy-2")));
        assertTrue(refused.getMessage().contains("Source image rejected"), refused.getMessage());
    }

    @Test
    void underTheDefaultIdentityRule_theSignatureVouchesForItsTagAndNotAnother() throws Exception {
        Path policy = Files.writeString(work.resolve("policy-default-identity.json"), """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {"localhost:5000/team": [
                   {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s"}]}}}
                """.formatted(signerKey));
        assertInstanceOf(PolicyEvaluator.Verdict.Accepted.class, berthVerdict(policy, IDENTITY));
        PolicyEvaluator.Verdict.Rejected rejected = assertInstanceOf(PolicyEvaluator.Verdict.Rejected.class,
                berthVerdict(policy, "localhost:5000/team/busybox:2"));
        assertTrue(rejected.reason().contains("does not accept"), rejected.reason());
    }

    /** A registries.d whose lookaside storage for the registry is a directory, read and written as file: URLs. */
    private static Path registriesD(String registry) throws Exception {
        Path directory = Files.createDirectories(work.resolve("registries.d"));
        Files.writeString(directory.resolve("berth.yaml"), """
                docker:
                  %s:
                    lookaside: %s
                """.formatted(registry, work.resolve("lookaside").toUri()));
        return directory;
    }

    private static Path registryPolicy(Path key) throws Exception {
        return Files.writeString(work.resolve("registry-policy-" + key.getFileName() + ".json"), """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {"": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s"}]},
                                "dir": {"": [{"type": "insecureAcceptAnything"}]}}}
                """.formatted(key));
    }

    @Test
    void throughARegistryWithoutTheExtension_skopeoSignsIntoTheLookaside_andBerthVerifies_andTheOtherWayRound()
            throws Exception {
        try (DistributionProcess distribution = DistributionProcess.startWithLogin(work.resolve("distribution"), "ci",
                "ci-password")) {
            Map<String, String> environment = Map.of("REGISTRY_AUTH_FILE", work.resolve("auth.json").toString(),
                    "GNUPGHOME", gnupg("signer").toString());
            Tool.Result login = BerthCommand.exec(environment, "ci-password", "login", "-u", "ci", "--password-stdin",
                    distribution.address());
            assertEquals(0, login.exit(), login.output());
            Path registries = registriesD(distribution.address());
            String image = distribution.address() + "/team/gpg:1";
            Tool.Result skopeoSigned = Tool.exec(List.of("skopeo", "--registries.d", registries.toString(), "copy",
                    "--authfile", environment.get("REGISTRY_AUTH_FILE"), "--dest-tls-verify=false",
                    "--remove-signatures", "--sign-by", fingerprint, "dir:" + signed, "docker://" + image),
                    environment, "");
            assertEquals(0, skopeoSigned.exit(), skopeoSigned.output());
            assertTrue(Files.exists(work.resolve("lookaside")), "skopeo wrote the signature to the lookaside");
            Tool.Result verified = Tool.exec(BerthCommand.command("verify", "--registries.d", registries.toString(),
                    "--policy", registryPolicy(signerKey).toString(), image), environment, "");
            assertEquals(0, verified.exit(), verified.output());
            assertTrue(verified.output().contains("simple signing signature by " + fingerprint + " as " + image),
                    verified.output());
            Tool.Result byOtherKey = Tool.exec(BerthCommand.command("verify", "--registries.d",
                    registries.toString(), "--policy", registryPolicy(otherKey).toString(), image), environment, "");
            assertEquals(1, byOtherKey.exit(), byOtherKey.output());
            assertTrue(byOtherKey.output().contains("is rejected by"), byOtherKey.output());

            String berthSigned = distribution.address() + "/team/gpg-by-berth:1";
            Tool.run("skopeo", "copy", "--authfile", environment.get("REGISTRY_AUTH_FILE"), "--dest-tls-verify=false",
                    "--remove-signatures", "dir:" + signed, "docker://" + berthSigned);
            Path secret = work.resolve("signer-secret-registry.gpg");
            Tool.exec(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--output",
                    secret.toString(), "--export-secret-keys", fingerprint), environment, "");
            Tool.Result signedByBerth = Tool.exec(BerthCommand.command("sign", "--gpg-key", secret.toString(),
                    "--registries.d", registries.toString(), berthSigned), environment, "");
            assertEquals(0, signedByBerth.exit(), signedByBerth.output());
            Tool.run("skopeo", "--registries.d", registries.toString(), "--policy", registryPolicy(signerKey)
                    .toString(), "copy", "--authfile", environment.get("REGISTRY_AUTH_FILE"), "--src-tls-verify=false",
                    "docker://" + berthSigned, "dir:" + work.resolve("from-registry"));
            AssertionError refused = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "--registries.d",
                    registries.toString(), "--policy", registryPolicy(otherKey).toString(), "copy", "--authfile",
                    environment.get("REGISTRY_AUTH_FILE"), "--src-tls-verify=false", "docker://" + berthSigned,
                    "dir:" + work.resolve("refused")));
            assertTrue(refused.getMessage().contains("Source image rejected"), refused.getMessage());
        }
    }

    @Test
    void berthsRegistryKeepsSkopeosSignatures_throughTheSignatureExtension_andEnforcesThem() throws Exception {
        int port = BerthProcess.freePort();
        String address = "127.0.0.1:" + port;
        Path registryPolicy = Files.writeString(work.resolve("registry-gpg-policy.json"), """
                {"default": [{"type": "insecureAcceptAnything"}],
                 "transports": {"docker": {"%s/gpg": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s"}]}}}
                """.formatted(address, signerKey));
        Path config = Files.writeString(work.resolve("gpg-registry.yaml"), "signatures:\n  policy: "
                + registryPolicy + "\n");
        try (BerthProcess berth = BerthProcess.start(work.resolve("gpg-registry"), port, "--config",
                config.toString())) {
            String image = address + "/gpg/app:1";
            Tool.Result pushed = Tool.exec(List.of("skopeo", "copy", "--dest-tls-verify=false", "--remove-signatures",
                    "--sign-by", fingerprint, "dir:" + signed, "docker://" + image), Map.of("GNUPGHOME",
                    gnupg("signer").toString()), "");
            assertEquals(0, pushed.exit(), pushed.output());
            Path pulled = work.resolve("from-extension");
            Tool.run("skopeo", "--policy", registryPolicy(signerKey).toString(), "copy", "--src-tls-verify=false",
                    "docker://" + image, "dir:" + pulled);
            assertTrue(Files.exists(pulled.resolve("signature-1")), "skopeo read the signature from Berth");
            AssertionError byOtherKey = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "--policy",
                    registryPolicy(otherKey).toString(), "copy", "--src-tls-verify=false", "docker://" + image,
                    "dir:" + work.resolve("from-extension-other")));
            assertTrue(byOtherKey.getMessage().contains("Source image rejected"), byOtherKey.getMessage());
            Tool.Result verified = Tool.exec(BerthCommand.command("verify", "--policy", registryPolicy.toString(),
                    image), Map.of(), "");
            assertEquals(0, verified.exit(), verified.output());

            String unsigned = address + "/gpg/unsigned:1";
            Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--remove-signatures", "dir:" + signed,
                    "docker://" + unsigned);
            AssertionError refused = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "copy",
                    "--src-tls-verify=false", "docker://" + unsigned, "dir:" + work.resolve("refused-by-registry")));
            assertTrue(refused.getMessage().contains("the image has no simple signing signatures"),
                    refused.getMessage());
            Path secret = work.resolve("signer-secret-extension.gpg");
            Tool.exec(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--output",
                    secret.toString(), "--export-secret-keys", fingerprint), Map.of("GNUPGHOME",
                    gnupg("signer").toString()), "");
            Tool.Result signedByBerth = Tool.exec(BerthCommand.command("sign", "--gpg-key", secret.toString(),
                    unsigned), Map.of(), "");
            assertTrue(signedByBerth.output().contains("the registry keeps the signature"), signedByBerth.output());
            assertEquals(0, signedByBerth.exit(), signedByBerth.output());
            Tool.run("skopeo", "--policy", registryPolicy(signerKey).toString(), "copy", "--src-tls-verify=false",
                    "docker://" + unsigned, "dir:" + work.resolve("signed-by-berth-in-registry"));
        }
    }
}
