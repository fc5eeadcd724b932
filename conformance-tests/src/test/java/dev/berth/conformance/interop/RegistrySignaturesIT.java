package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's own signature policy and signing, with skopeo and curl as clients: pulls of {@code prod/} images are
 * refused until a trusted signature is stored beside them (and again once it is deleted, with no stale verdict),
 * signatures themselves stay readable, other repositories are untouched; the registry signs what is pushed to
 * {@code autosigned/} with its own key; deleting an image deletes its signatures.
 */
class RegistrySignaturesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "berth.test";
    private static final Map<String, String> NO_PASSWORD = Map.of("COSIGN_PASSWORD", "");

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        for (String key : List.of("trusted", "other")) {
            Tool.Result made = Tool.exec(BerthCommand.command("keygen", "--output-key-prefix", work.resolve(key)
                    .toString()), NO_PASSWORD, "");
            assertEquals(0, made.exit(), made.output());
        }
        Tool.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                work.resolve("registry.pem").toString());
        Tool.run("openssl", "pkey", "-in", work.resolve("registry.pem").toString(), "-pubout", "-out",
                work.resolve("registry.pub").toString());
        Files.writeString(work.resolve("policy.json"), """
                {"default": [{"type": "insecureAcceptAnything"}],
                 "transports": {"docker": {"%s/prod": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}
                """.formatted(NAME, work.resolve("trusted.pub")));
        Path config = Files.writeString(work.resolve("berth.yaml"), """
                signatures:
                  name: %s
                  policy: policy.json
                  sign:
                    - repositories: ["autosigned/**"]
                      key: registry.pem
                """.formatted(NAME));
        berth = BerthProcess.start(work.resolve("data"), "--config", config.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    private static String image(String repositoryAndTag) {
        return berth.address() + "/" + repositoryAndTag;
    }

    private static Tool.Result pull(String repositoryAndTag) {
        return Tool.exec(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + image(repositoryAndTag),
                "dir:" + work.resolve("pulled-" + System.nanoTime())), Map.of(), "");
    }

    private static Tool.Result sign(String repositoryAndTag, String key) {
        String repository = repositoryAndTag.substring(0, repositoryAndTag.indexOf(':'));
        return Tool.exec(BerthCommand.command("sign", "--key", work.resolve(key + ".key").toString(),
                "--sign-identity", NAME + "/" + repository, image(repositoryAndTag)), NO_PASSWORD, "");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + berth.address() + path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.oci.image.index.v1+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnsignedProdImage_isRefused_untilSigned_andAgainOnceItsSignatureIsDeleted() throws Exception {
        busybox.pushTo(berth, "prod/app:1");
        Tool.Result refused = pull("prod/app:1");
        assertTrue(refused.exit() != 0, refused.output());
        HttpResponse<String> denied = get("/v2/prod/app/manifests/1");
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("DENIED") && denied.body().contains("is not signed as this registry's "
                + "policy requires (scope docker:" + NAME + "/prod, requirement 1): the image has no cosign "
                + "signatures"), denied.body());

        Tool.Result otherKey = sign("prod/app:1", "other");
        assertEquals(0, otherKey.exit(), otherKey.output());
        assertTrue(get("/v2/prod/app/manifests/1").body().contains("no trusted key made this signature"));

        Tool.Result signed = sign("prod/app:1", "trusted");
        assertEquals(0, signed.exit(), signed.output());
        Tool.Result pulled = pull("prod/app:1");
        assertEquals(0, pulled.exit(), pulled.output());
        assertEquals(200, get("/v2/prod/app/manifests/" + busybox.manifestDigest()).statusCode());

        JsonNode referrers = JSON.readTree(get("/v2/prod/app/referrers/" + busybox.manifestDigest()).body());
        assertEquals(2, referrers.get("manifests").size());
        for (JsonNode referrer : referrers.get("manifests")) {
            assertEquals(200, get("/v2/prod/app/manifests/" + referrer.get("digest").asText()).statusCode(),
                    "signatures stay readable");
            HTTP.send(HttpRequest.newBuilder(URI.create("http://" + berth.address() + "/v2/prod/app/manifests/"
                    + referrer.get("digest").asText())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        assertEquals(403, get("/v2/prod/app/manifests/1").statusCode(), "no verdict outlives its signature");
    }

    @Test
    void imagesOutsideTheEnforcedScope_pullAsBefore() {
        busybox.pushTo(berth, "dev/app:1");
        Tool.Result pulled = pull("dev/app:1");
        assertEquals(0, pulled.exit(), pulled.output());
    }

    @Test
    void theRegistrySignsWhatIsPushedToAutosigned_andDeletingTheImageDeletesItsSignatures() throws Exception {
        busybox.pushTo(berth, "autosigned/app:1");
        Path policy = Files.writeString(work.resolve("verify-autosigned.json"), """
                {"default": [{"type": "sigstoreSigned", "keyPath": "%s",
                  "signedIdentity": {"type": "exactRepository", "dockerRepository": "%s/autosigned/app"}}]}
                """.formatted(work.resolve("registry.pub"), NAME));
        Tool.Result verified = Tool.exec(BerthCommand.command("verify", "--policy", policy.toString(),
                image("autosigned/app:1")), Map.of(), "");
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("as " + NAME + "/autosigned/app"), verified.output());

        assertEquals(202, HTTP.send(HttpRequest.newBuilder(URI.create("http://" + berth.address()
                + "/v2/autosigned/app/manifests/" + busybox.manifestDigest())).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        JsonNode referrers = JSON.readTree(get("/v2/autosigned/app/referrers/" + busybox.manifestDigest()).body());
        assertEquals(0, referrers.get("manifests").size(), referrers.toString());
    }

    @Test
    void aBrokenSignaturesSection_stopsTheServerWithOneLine() throws Exception {
        Path broken = Files.writeString(work.resolve("broken.yaml"), """
                signatures:
                  sign:
                    - repositories: ["x/**"]
                      key: missing.pem
                """);
        BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("broken.log"), "--listen", "127.0.0.1:0",
                "--data", work.resolve("broken-data").toString(), "--config", broken.toString());
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains("signatures.sign key " + work.resolve("missing.pem")), exit.output());
        assertEquals(1, exit.output().strip().lines().count(), exit.output());
    }
}
