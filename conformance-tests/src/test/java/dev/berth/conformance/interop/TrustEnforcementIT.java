package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.RegistryClient;
import dev.berth.client.RemoteRepository;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.CosignTag;
import dev.berth.trust.sign.CosignSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One policy enforced at every point: each bad image is refused, for the same reason, by {@code berth pull}, by
 * {@code FROM} in {@code berth build}, and by the registry's own {@code GET}: unsigned, signed by another key, a
 * signature copied from another repository, a tampered bundle, a signature of another manifest, a tag moved to an
 * unsigned manifest, more signatures than are read, and a policy whose key is malformed. {@code berth build --sign}
 * signs what it pushes, and that image passes all three.
 */
class TrustEnforcementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NO_PASSWORD = Map.of("COSIGN_PASSWORD", "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;
    private static String address;
    private static Path policy;

    @BeforeAll
    static void start() throws Exception {
        int port = BerthProcess.freePort();
        address = "127.0.0.1:" + port;
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        for (String key : List.of("trusted", "other")) {
            assertEquals(0, Tool.exec(BerthCommand.command("keygen", "--output-key-prefix", work.resolve(key)
                    .toString()), NO_PASSWORD, "").exit());
        }
        policy = Files.writeString(work.resolve("policy.json"), """
                {"default": [{"type": "insecureAcceptAnything"}],
                 "transports": {"docker": {"%s/secure": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}
                """.formatted(address, work.resolve("trusted.pub")));
        Path config = Files.writeString(work.resolve("berth.yaml"), "signatures:\n  policy: policy.json\n");
        berth = BerthProcess.start(work.resolve("data"), port, "--config", config.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    private static String push(String repository) {
        busybox.pushTo(berth, repository + ":1");
        return address + "/" + repository + ":1";
    }

    private static void sign(String image, String key, String... format) {
        List<String> arguments = new java.util.ArrayList<>(List.of("sign", "--key", work.resolve(key + ".key")
                .toString()));
        arguments.addAll(List.of(format));
        arguments.add(image);
        Tool.Result signed = Tool.exec(BerthCommand.command(arguments.toArray(String[]::new)), NO_PASSWORD, "");
        assertEquals(0, signed.exit(), signed.output());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).header("Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RemoteRepository repository(String name) throws Exception {
        return new RegistryClient(Credentials.load(Map.of("HOME", work.toString())), Set.of(), Map.of())
                .repository(Reference.parse(address + "/" + name));
    }

    private static void refusedEverywhere(String repository, String reason, Path clientPolicy) throws Exception {
        EnforcementPoints.refusedEverywhere(work, address, repository, reason, clientPolicy,
                clientPolicy.equals(policy));
    }

    @Test
    void unsignedImages_andOtherKeys_areRefusedEverywhere() throws Exception {
        push("secure/unsigned");
        refusedEverywhere("secure/unsigned", "the image has no cosign signatures", policy);
        sign(push("secure/other-key"), "other");
        refusedEverywhere("secure/other-key", "no trusted key made this signature", policy);
    }

    @Test
    void aSignatureCopiedFromAnotherRepository_isRefusedEverywhere() throws Exception {
        String original = push("secure/original");
        sign(original, "trusted");
        String referrer = JSON.readTree(get("/v2/secure/original/referrers/" + busybox.manifestDigest()).body())
                .get("manifests").get(0).get("digest").asText();
        push("secure/copied");
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + address + "/secure/original@" + referrer, "docker://" + address + "/secure/copied:sig");
        refusedEverywhere("secure/copied", "signed as " + address + "/secure/original, which MatchRepository does "
                + "not accept", policy);
    }

    @Test
    void aTamperedBundle_isRefusedEverywhere() throws Exception {
        String image = push("secure/tampered");
        sign(image, "trusted");
        JsonNode referrer = JSON.readTree(get("/v2/secure/tampered/referrers/" + busybox.manifestDigest()).body())
                .get("manifests").get(0);
        JsonNode manifest = JSON.readTree(get("/v2/secure/tampered/manifests/" + referrer.get("digest").asText())
                .body());
        String layer = manifest.at("/layers/0/digest").asText();
        String bundle = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/secure/tampered/blobs/"
                + layer)).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode parsed = JSON.readTree(bundle);
        byte[] signature = Base64.getDecoder().decode(parsed.at("/dsseEnvelope/signatures/0/sig").asText());
        signature[signature.length - 1] ^= 1;
        String tampered = bundle.replace(parsed.at("/dsseEnvelope/signatures/0/sig").asText(),
                Base64.getEncoder().encodeToString(signature));
        HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/secure/tampered/manifests/"
                + referrer.get("digest").asText())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        new dev.berth.trust.attach.BundleReferrers().attach(repository("secure/tampered"), busybox
                .describe(), tampered.getBytes(StandardCharsets.UTF_8), "https://sigstore.dev/cosign/sign/v1",
                java.time.Clock.systemUTC());
        refusedEverywhere("secure/tampered", "DSSE signature does not verify", policy);
    }

    @Test
    void aSignatureOfAnotherManifest_andATagMovedAfterSigning_areRefusedEverywhere() throws Exception {
        String image = push("secure/moved");
        sign(image, "trusted", "--format", "cosign");
        String signedTag = busybox.manifestDigest().toString().replace(':', '-') + ".sig";
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--format", "v2s2", "oci:" + busybox.directory()
                + ":latest", "docker://" + image);
        refusedEverywhere("secure/moved", "the image has no cosign signatures", policy);
        String moved = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address
                        + "/v2/secure/moved/manifests/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept",
                        "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Docker-Content-Digest").orElseThrow();
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + address + "/secure/moved:" + signedTag, "docker://" + address + "/secure/moved:"
                        + moved.replace(':', '-') + ".sig");
        refusedEverywhere("secure/moved", "is for manifest " + busybox.manifestDigest() + ", not for this one",
                policy);
    }

    @Test
    void moreSignaturesThanAreRead_areRefusedEverywhere() throws Exception {
        push("secure/crowded");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        RemoteRepository repository = repository("secure/crowded");
        for (int i = 0; i < 65; i++) {
            PrivateKey key = generator.generateKeyPair().getPrivate();
            new CosignTag().append(repository, busybox.manifestDigest(), new CosignSigner(key).sign(address
                    + "/secure/crowded", busybox.manifestDigest()));
        }
        refusedEverywhere("secure/crowded", "65 layers; at most 64 are read", policy);
    }

    @Test
    void aPolicyWithAMalformedKey_refusesWithItsName() throws Exception {
        String image = push("secure/any");
        sign(image, "trusted");
        Path broken = Files.writeString(work.resolve("broken-key.json"), """
                {"default": [{"type": "sigstoreSigned", "keyData": "%s",
                  "signedIdentity": {"type": "matchRepository"}}]}
                """.formatted(Base64.getEncoder().encodeToString("not a key".getBytes(StandardCharsets.UTF_8))));
        refusedEverywhere("secure/any", "its keys cannot be read: keyData is not a PEM public key", broken);
    }

    @Test
    void buildSign_signsWhatItPushes_andThatImagePassesEverywhere() throws Exception {
        Path context = Files.createDirectories(work.resolve("context-signed"));
        push("base/busybox");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + address + "/base/busybox:1\nCOPY Dockerfile /\n");
        Tool.Result built = Tool.exec(BerthCommand.command("build", "--no-daemon", "--data", work.resolve(
                "signed-build").toString(), "--sign", work.resolve("trusted.key").toString(), "-t", address
                + "/secure/built:1", "--push", context.toString()), NO_PASSWORD, "");
        assertEquals(0, built.exit(), built.output());
        assertTrue(built.output().contains("# signed " + address + "/secure/built:1@"), built.output());
        assertEquals(200, get("/v2/secure/built/manifests/1").statusCode());
        Tool.Result pulled = Tool.exec(BerthCommand.command("pull", "--data", work.resolve("pull-built").toString(),
                "--signature-policy", policy.toString(), address + "/secure/built:1"), Map.of(), "");
        assertEquals(0, pulled.exit(), pulled.output());
        Tool.Result unsigned = Tool.exec(BerthCommand.command("build", "--no-daemon", "--data", work.resolve(
                "signed-build").toString(), "--sign", work.resolve("trusted.key").toString(), context.toString()),
                NO_PASSWORD, "");
        assertEquals(2, unsigned.exit(), unsigned.output());
        assertTrue(unsigned.output().contains("--sign signs what is pushed"), unsigned.output());
    }
}
