package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code berth sign} and {@code berth verify} against real registries (Berth, and Distribution 2.8, which needs a login
 * and has no referrers API), with images pushed by skopeo and keys made by {@code berth keygen} and openssl; openssl
 * checks Berth's cosign signatures, and skopeo reads Berth's GPG signatures from the lookaside storage.
 */
class SignatureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "key-password";

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
        environment = Map.of("REGISTRY_AUTH_FILE", work.resolve("auth.json").toString(), "COSIGN_PASSWORD", PASSWORD,
                "HOME", work.toString());
        Tool.Result login = BerthCommand.exec(environment, "ci-password", "login", "-u", "ci", "--password-stdin",
                distribution.address());
        assertEquals(0, login.exit(), login.output());
        Tool.Result keygen = Tool.exec(BerthCommand.command("keygen", "--output-key-prefix",
                work.resolve("cosign").toString()), environment, "");
        assertEquals(0, keygen.exit(), keygen.output());
        Tool.run("openssl", "genpkey", "-algorithm", "ed25519", "-out", work.resolve("ed25519.pem").toString());
        Tool.run("openssl", "pkey", "-in", work.resolve("ed25519.pem").toString(), "-pubout", "-out",
                work.resolve("ed25519.pub").toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        distribution.close();
        berth.close();
    }

    private static String address(String registry) {
        return registry.equals("berth") ? berth.address() : distribution.address();
    }

    private static String push(String registry, String repositoryAndTag) {
        String image = address(registry) + "/" + repositoryAndTag;
        Tool.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "--authfile",
                environment.get("REGISTRY_AUTH_FILE"), "oci:" + busybox.directory() + ":latest", "docker://" + image);
        return image;
    }

    private static Tool.Result berth(String... arguments) {
        return Tool.exec(BerthCommand.command(arguments), environment, "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"berth", "distribution"})
    void aCosignSignature_byBerthsKey_verifiesWithThePublicKey_andOpensslAgrees(String registry) throws Exception {
        String image = push(registry, "team/signed:1");
        Tool.Result signed = berth("sign", "--format", "cosign", "--key", work.resolve("cosign.key").toString(),
                image);
        assertEquals(0, signed.exit(), signed.output());
        assertTrue(signed.output().contains("@" + busybox.manifestDigest()), signed.output());

        Tool.Result verified = berth("verify", "--key", work.resolve("cosign.pub").toString(), image);
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("Verified " + image + "@" + busybox.manifestDigest()),
                verified.output());
        assertTrue(verified.output().contains("cosign signature by SHA256:"), verified.output());

        JsonNode layer = signatureLayers(registry, "team/signed").get(0);
        Path payload = Files.write(work.resolve(registry + "-payload"), blob(registry, "team/signed",
                layer.get("digest").asText()));
        Path signature = Files.write(work.resolve(registry + "-signature"), Base64.getDecoder().decode(
                layer.get("annotations").get("dev.cosignproject.cosign/signature").asText()));
        assertTrue(Tool.run("openssl", "dgst", "-sha256", "-verify", work.resolve("cosign.pub").toString(),
                "-signature", signature.toString(), payload.toString()).contains("Verified OK"));
        JsonNode claims = JSON.readTree(payload.toFile());
        assertEquals(busybox.manifestDigest().toString(), claims.at("/critical/image/docker-manifest-digest").asText());
        assertEquals(address(registry) + "/team/signed", claims.at("/critical/identity/docker-reference").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"berth", "distribution"})
    void anOpensslEd25519Key_signs_andASecondSignatureKeepsTheFirst(String registry) throws Exception {
        String image = push(registry, "team/twice:1");
        assertEquals(0, berth("sign", "--format", "cosign", "--key", work.resolve("cosign.key").toString(), image)
                .exit());
        Tool.Result signed = berth("sign", "--format", "cosign", "--key", work.resolve("ed25519.pem").toString(),
                image);
        assertEquals(0, signed.exit(), signed.output());
        assertEquals(2, signatureLayers(registry, "team/twice").size());
        for (String key : List.of("cosign.pub", "ed25519.pub")) {
            Tool.Result verified = berth("verify", "--key", work.resolve(key).toString(), image);
            assertEquals(0, verified.exit(), key + ": " + verified.output());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"berth", "distribution"})
    void aBundle_isTheDefault_attachedAsAReferrer_andItsDsseSignatureIsGoodForOpenssl(String registry)
            throws Exception {
        String image = push(registry, "team/bundled:1");
        Tool.Result signed = berth("sign", "--key", work.resolve("cosign.key").toString(), image);
        assertEquals(0, signed.exit(), signed.output());
        assertTrue(signed.output().contains("(Sigstore bundle, as " + address(registry) + "/team/bundled"),
                signed.output());
        Tool.Result verified = berth("verify", "--key", work.resolve("cosign.pub").toString(), image);
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("Sigstore bundle signature by SHA256:"), verified.output());

        JsonNode referrers = JSON.readTree(registry.equals("berth")
                ? new String(get(registry, "/v2/team/bundled/referrers/" + busybox.manifestDigest()))
                : Tool.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile",
                environment.get("REGISTRY_AUTH_FILE"), "docker://" + address(registry) + "/team/bundled:"
                        + busybox.manifestDigest().toString().replace(":", "-")));
        JsonNode referrer = referrers.get("manifests").get(0);
        assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", referrer.get("artifactType").asText());
        JsonNode manifest = JSON.readTree(get(registry, "/v2/team/bundled/manifests/" + referrer.get("digest")
                .asText()));
        assertEquals(busybox.manifestDigest().toString(), manifest.at("/subject/digest").asText());
        JsonNode bundle = JSON.readTree(blob(registry, "team/bundled", manifest.at("/layers/0/digest").asText()));
        byte[] payload = Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText());
        String type = bundle.at("/dsseEnvelope/payloadType").asText();
        Path pae = Files.write(work.resolve(registry + "-pae"), concat(("DSSEv1 " + type.length() + " " + type + " "
                + payload.length + " ").getBytes(), payload));
        Path signature = Files.write(work.resolve(registry + "-dsse-signature"), Base64.getDecoder().decode(
                bundle.at("/dsseEnvelope/signatures/0/sig").asText()));
        assertTrue(Tool.run("openssl", "dgst", "-sha256", "-verify", work.resolve("cosign.pub").toString(),
                "-signature", signature.toString(), pae.toString()).contains("Verified OK"));
        JsonNode statement = JSON.readTree(payload);
        assertEquals(busybox.manifestDigest().hex(), statement.at("/subject/0/digest/sha256").asText());
        assertEquals("https://sigstore.dev/cosign/sign/v1", statement.get("predicateType").asText());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void aCopiedBundle_inAnotherRepository_isRefusedForItsName() throws Exception {
        String image = push("berth", "team/original:1");
        assertEquals(0, berth("sign", "--key", work.resolve("cosign.key").toString(), image).exit());
        JsonNode referrer = JSON.readTree(get("berth", "/v2/team/original/referrers/" + busybox.manifestDigest()))
                .get("manifests").get(0);
        String copy = berth.address() + "/team/copy";
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + image, "docker://" + copy + ":1");
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + berth.address() + "/team/original@" + referrer.get("digest").asText(),
                "docker://" + copy + ":the-bundle");
        Tool.Result elsewhere = berth("verify", "--key", work.resolve("cosign.pub").toString(), copy + ":1");
        assertEquals(1, elsewhere.exit(), elsewhere.output());
        assertTrue(elsewhere.output().contains("signed as " + berth.address() + "/team/original, which "
                + "MatchRepository does not accept"), elsewhere.output());
    }

    @Test
    void anotherKey_anUnsignedImage_aMovedTag_andACopiedSignature_areRefusedSayingWhy() throws Exception {
        String image = push("berth", "team/refused:1");
        assertEquals(0, berth("sign", "--format", "cosign", "--key", work.resolve("cosign.key").toString(), image)
                .exit());

        Tool.Result otherKey = berth("verify", "--key", work.resolve("ed25519.pub").toString(), image);
        assertEquals(1, otherKey.exit());
        assertTrue(otherKey.output().contains("no trusted key made this signature"), otherKey.output());
        Tool.Result badFormat = berth("sign", "--format", "x509", "--key", work.resolve("cosign.key").toString(),
                image);
        assertEquals(1, badFormat.exit());
        assertTrue(badFormat.output().contains("--format is bundle, cosign or notation, not 'x509'"),
                badFormat.output());

        Tool.Result unsigned = berth("verify", "--key", work.resolve("cosign.pub").toString(),
                push("berth", "team/unsigned:1"));
        assertEquals(1, unsigned.exit());
        assertTrue(unsigned.output().contains("has no cosign signatures"), unsigned.output());

        String copied = berth.address() + "/team/copied";
        Tool.run("skopeo", "copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + image, "docker://" + copied + ":1");
        String sigTag = busybox.manifestDigest().toString().replace(":", "-") + ".sig";
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + berth.address() + "/team/refused:" + sigTag, "docker://" + copied + ":" + sigTag);
        Tool.Result elsewhere = berth("verify", "--key", work.resolve("cosign.pub").toString(), copied + ":1");
        assertEquals(1, elsewhere.exit());
        assertTrue(elsewhere.output().contains("signed as " + berth.address() + "/team/refused, which "
                + "MatchRepository does not accept"), elsewhere.output());

        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--format", "v2s2", "oci:" + busybox.directory()
                + ":latest", "docker://" + image);
        Tool.Result moved = berth("verify", "--key", work.resolve("cosign.pub").toString(), image);
        assertEquals(1, moved.exit(), "the tag now names a manifest nobody signed");
        assertTrue(moved.output().contains("has no cosign signatures"), moved.output());
    }

    @Test
    void badInput_isOneLineNamingWhatIsWrong() {
        String image = push("berth", "team/bad:1");
        Tool.Result noKey = berth("sign", "--key", work.resolve("missing.key").toString(), image);
        assertEquals(1, noKey.exit());
        assertTrue(noKey.output().strip().lines().count() == 1 && noKey.output().contains("missing.key"),
                noKey.output());
        Tool.Result noImage = berth("verify", "--key", work.resolve("cosign.pub").toString(), berth.address()
                + "/team/absent:1");
        assertEquals(1, noImage.exit());
        assertTrue(noImage.output().contains("does not exist"), noImage.output());
        Tool.Result wrongPassword = Tool.exec(BerthCommand.command("sign", "--key", work.resolve("cosign.key")
                .toString(), image), Map.of("COSIGN_PASSWORD", "wrong"), "");
        assertEquals(1, wrongPassword.exit());
        assertTrue(wrongPassword.output().contains("password"), wrongPassword.output());
    }

    private static JsonNode signatureLayers(String registry, String repository) throws Exception {
        String tag = busybox.manifestDigest().toString().replace(":", "-") + ".sig";
        String inspected = Tool.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile",
                environment.get("REGISTRY_AUTH_FILE"), "docker://" + address(registry) + "/" + repository + ":" + tag);
        return JSON.readTree(inspected).get("layers");
    }

    private static byte[] blob(String registry, String repository, String digest) throws Exception {
        return get(registry, "/v2/" + repository + "/blobs/" + digest);
    }

    private static byte[] get(String registry, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address(registry) + path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.oci.image.index.v1+json");
        if (registry.equals("distribution")) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ci:ci-password"
                    .getBytes()));
        }
        HttpResponse<byte[]> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
