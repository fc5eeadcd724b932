package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.RegistryClient;
import dev.berth.client.RemoteRepository;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notary signatures: images and signatures made by notation's own e2e suite (their OCI layouts, pushed as they are)
 * verify under notation's trust policy and trust store, or are refused for the check that suite names; Berth's own
 * Notary signatures, with a CA and signing certificate made by openssl, verify on Berth and on Distribution 2.8 (the
 * referrers tag schema), and are refused under another CA or identity.
 */
class NotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VECTORS = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("trust/src/test/resources/vectors/notation/notation-e2e");

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static DistributionProcess distribution;
    private static BusyboxLayout busybox;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("berth"));
        distribution = DistributionProcess.startWithLogin(work.resolve("distribution"), "ci", "ci-password");
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        environment = Map.of("REGISTRY_AUTH_FILE", work.resolve("auth.json").toString(), "HOME", work.toString());
        Tool.Result login = BerthCommand.exec(environment, "ci-password", "login", "-u", "ci", "--password-stdin",
                distribution.address());
        assertEquals(0, login.exit(), login.output());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj",
                "/C=US/ST=WA/O=Berth Test/CN=Berth Test Root", "-keyout", "root.key", "-out", "root.crt",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj",
                "/C=US/ST=WA/O=Other/CN=Other Root", "-keyout", "other.key", "-out", "other.crt",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=US/ST=WA/O=Berth Test/CN=signer",
                "-keyout", "signer.key", "-out", "signer.csr");
        Files.writeString(work.resolve("signer.ext"), "keyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=codeSigning\nbasicConstraints=CA:FALSE\n");
        openssl("x509", "-req", "-in", "signer.csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
                "-days", "2", "-extfile", "signer.ext", "-out", "signer.crt");
        Files.writeString(work.resolve("chain.pem"), Files.readString(work.resolve("signer.crt"))
                + Files.readString(work.resolve("root.crt")));
        store("ca", "berth", work.resolve("root.crt"));
        store("ca", "other", work.resolve("other.crt"));
        store("ca", "e2e", VECTORS.resolve("localkeys/e2e.crt"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        distribution.close();
        berth.close();
    }

    private static void openssl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Tool.runIn(work, command);
    }

    private static void store(String type, String name, Path certificate) throws Exception {
        Path directory = Files.createDirectories(work.resolve("truststore/x509").resolve(type).resolve(name));
        Files.copy(certificate, directory.resolve(certificate.getFileName()));
    }

    private static Path policy(String name, String level, String store, String identity) throws Exception {
        return Files.writeString(work.resolve(name + ".json"), """
                {"version": "1.0", "trustPolicies": [{"name": "%s", "registryScopes": ["*"],
                  "signatureVerification": {"level": "%s"}, "trustStores": ["%s"], "trustedIdentities": ["%s"]}]}
                """.formatted(name, level, store, identity));
    }

    private static Tool.Result verify(Path policy, String image) {
        return Tool.exec(BerthCommand.command("verify", "--trust-policy", policy.toString(), "--trust-store",
                work.resolve("truststore").toString(), image), environment, "");
    }

    /**
     * Pushes the blobs and manifests of one of notation's e2e layouts as notation's suite stored them, but for the
     * referrers tag-schema index, which Berth's referrers API makes unneeded.
     */
    private static void pushLayout(String layout, String repository) throws Exception {
        Path root = VECTORS.resolve("oci_layout").resolve(layout);
        RemoteRepository remote = new RegistryClient(Credentials.load(environment), Set.of(), environment)
                .repository(Reference.parse(berth.address() + "/" + repository));
        JsonNode index = JSON.readTree(root.resolve("index.json").toFile());
        for (JsonNode entry : index.get("manifests")) {
            byte[] manifest = Files.readAllBytes(root.resolve("blobs/sha256/" + entry.get("digest").asText()
                    .substring(7)));
            JsonNode parsed = JSON.readTree(manifest);
            for (JsonNode blob : parsed.path("layers")) {
                push(remote, root, blob);
            }
            if (parsed.has("config")) {
                push(remote, root, parsed.get("config"));
            }
        }
        for (JsonNode entry : index.get("manifests")) {
            String name = entry.path("annotations").path("org.opencontainers.image.ref.name").asText("");
            if (name.startsWith("sha256-")) {
                continue;
            }
            RawManifest manifest = RawManifest.of(entry.get("mediaType").asText(), Files.readAllBytes(root.resolve(
                    "blobs/sha256/" + entry.get("digest").asText().substring(7))));
            remote.pushManifest(name.isEmpty() ? manifest.digest().toString() : name, manifest);
        }
    }

    private static void push(RemoteRepository remote, Path root, JsonNode blob) throws Exception {
        byte[] content = Files.readAllBytes(root.resolve("blobs/sha256/" + blob.get("digest").asText().substring(7)));
        remote.pushBlob(Descriptor.of(blob.get("mediaType").asText(), Digest.sha256(content), content.length),
                content);
    }

    @Test
    void notationsOwnSignatures_verifyOrAreRefused_asNotationsSuiteSays() throws Exception {
        Path strict = VECTORS.resolve("trustpolicies/trustpolicy.json");
        Object[][] table = {
                {"e2e-valid-signature", strict, 0, "notation signature by CN=e2e"},
                {"e2e-valid-multiple-signatures", strict, 0, "notation signature by CN=e2e"},
                {"e2e-expired-signature", strict, 1, "expiry: the signature expired"},
                {"e2e-expired-signature", policy("permissive", "permissive", "ca:e2e", "*"), 0, "expiry:"},
                {"e2e-invalid-signature", strict, 1, "has no Notary signatures"},
                {"e2e", strict, 1, "has no Notary signatures"},
        };
        for (Object[] row : table) {
            String repository = "notation/" + row[0];
            pushLayout((String) row[0], repository);
            Tool.Result verified = verify((Path) row[1], berth.address() + "/" + repository + ":v1");
            assertEquals(row[2], verified.exit(), row[0] + ": " + verified.output());
            assertTrue(verified.output().contains((String) row[3]), row[0] + ": " + verified.output());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"berth", "distribution"})
    void berthsNotarySignature_verifiesUnderItsCa_andNotUnderAnother(String registry) throws Exception {
        String address = registry.equals("berth") ? berth.address() : distribution.address();
        String image = address + "/notation/signed-by-berth:1";
        Tool.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "--authfile",
                environment.get("REGISTRY_AUTH_FILE"), "oci:" + busybox.directory() + ":latest", "docker://" + image);
        Tool.Result signed = Tool.exec(BerthCommand.command("sign", "--format", "notation", "--key",
                work.resolve("signer.key").toString(), "--cert", work.resolve("chain.pem").toString(), image),
                environment, "");
        assertEquals(0, signed.exit(), signed.output());
        assertTrue(signed.output().contains("(Notary JWS, by CN=signer"), signed.output());

        Tool.Result verified = verify(policy("berth", "strict", "ca:berth",
                "x509.subject: C=US, ST=WA, O=Berth Test, CN=signer"), image);
        assertEquals(0, verified.exit(), verified.output());
        Tool.Result otherCa = verify(policy("other", "strict", "ca:other", "*"), image);
        assertEquals(1, otherCa.exit(), otherCa.output());
        assertTrue(otherCa.output().contains("authenticity: the signing certificate"), otherCa.output());
        Tool.Result otherIdentity = verify(policy("identity", "strict", "ca:berth",
                "x509.subject: C=US, ST=WA, O=Berth Test, CN=someone-else"), image);
        assertEquals(1, otherIdentity.exit(), otherIdentity.output());
        assertTrue(otherIdentity.output().contains("is not a trusted identity"), otherIdentity.output());
    }

    @Test
    void aCoseEnvelope_byBerth_verifiesLikeAJwsOne_andAnEcdsaKeySignsToo() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec.key");
        openssl("req", "-new", "-key", "ec.key", "-subj", "/C=US/ST=WA/O=Berth Test/CN=ec-signer", "-out", "ec.csr");
        openssl("x509", "-req", "-in", "ec.csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
                "-days", "2", "-extfile", "signer.ext", "-out", "ec.crt");
        Files.writeString(work.resolve("ec-chain.pem"), Files.readString(work.resolve("ec.crt"))
                + Files.readString(work.resolve("root.crt")));
        Path policy = policy("cose", "strict", "ca:berth", "x509.subject: C=US, ST=WA, O=Berth Test, CN=ec-signer");
        Object[][] table = {{"jws", "notation/ec-jws:1"}, {"cose", "notation/ec-cose:1"}};
        for (Object[] row : table) {
            String image = berth.address() + "/" + row[1];
            Tool.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "oci:" + busybox.directory()
                    + ":latest", "docker://" + image);
            Tool.Result signed = Tool.exec(BerthCommand.command("sign", "--format", "notation", "--signature-format",
                    (String) row[0], "--key", work.resolve("ec.key").toString(), "--cert", work.resolve(
                    "ec-chain.pem").toString(), image), environment, "");
            assertEquals(0, signed.exit(), signed.output());
            assertTrue(signed.output().contains("(Notary " + ((String) row[0]).toUpperCase() + ", by CN=ec-signer"),
                    signed.output());
            Tool.Result verified = verify(policy, image);
            assertEquals(0, verified.exit(), row[0] + ": " + verified.output());
        }
    }

    @Test
    void aNotationFormatWithoutCertificate_isOneLineSayingWhatIsMissing() {
        Tool.Result refused = Tool.exec(BerthCommand.command("sign", "--format", "notation", "--key",
                work.resolve("signer.key").toString(), berth.address() + "/notation/signed-by-berth:1"), environment,
                "");
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("--format notation needs --cert FILE"), refused.output());
    }
}
