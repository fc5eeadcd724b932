package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI pipelines log in with their identity provider's token, as GitHub Actions' OIDC tokens: an RSA key made by
 * openssl, its key set served over HTTP (as {@code /.well-known/jwks}), tokens signed by openssl, and skopeo and
 * docker logging in as {@code oidc} with the token as password. The pipeline of the main branch may push, others not.
 */
class FederationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://token.actions.example.test";

    @TempDir
    static Path work;
    private static HttpServer jwks;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;
    private static Path key;

    @BeforeAll
    static void start() throws Exception {
        key = work.resolve("issuer.key");
        Tool.run("openssl", "genrsa", "-out", key.toString(), "2048");
        String modulus = Tool.run("openssl", "rsa", "-in", key.toString(), "-noout", "-modulus").strip();
        byte[] n = new BigInteger(modulus.substring(modulus.indexOf('=') + 1), 16).toByteArray();
        Map<String, Object> jwk = Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", "openssl-1",
                "n", base64url(n[0] == 0 ? java.util.Arrays.copyOfRange(n, 1, n.length) : n), "e", "AQAB");
        byte[] keySet = JSON.writeValueAsBytes(Map.of("keys", List.of(jwk)));
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks", exchange -> {
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        jwks.start();

        Path users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "admin", "admin-password");
        Files.writeString(work.resolve("access.yaml"), """
                admins: [admin]
                rules:
                  - repositories: ["org/app/**"]
                    actions: [pull, push]
                    to: ["group:app-main"]
                  - repositories: ["org/app/**"]
                    actions: [pull]
                    to: ["external:github"]
                """);
        Path config = Files.writeString(work.resolve("berth.yaml"), """
                auth:
                  htpasswd: users.htpasswd
                  access: access.yaml
                  oidc:
                    - name: github
                      issuer: %s
                      audience: berth.example.test
                      jwks: http://127.0.0.1:%d/.well-known/jwks
                      groups:
                        - group: app-main
                          claims: {repository: org/app, ref: refs/heads/main}
                """.formatted(ISSUER, jwks.getAddress().getPort()));
        berth = BerthProcess.start(work.resolve("data"), "--config", config.toString());
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "admin:admin-password",
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/org/app/base:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
        jwks.stop(0);
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A GitHub-like token for a workflow of the repository's ref, signed by openssl with the issuer's key. */
    private static String token(String ref, long expiresIn) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "repo:org/app:ref:" + ref);
        claims.put("aud", "berth.example.test");
        claims.put("repository", "org/app");
        claims.put("ref", ref);
        claims.put("iat", now - 10);
        claims.put("exp", now + expiresIn);
        String input = base64url(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "openssl-1")))
                + "." + base64url(JSON.writeValueAsBytes(claims));
        Path data = Files.writeString(work.resolve("signing-input"), input);
        Path signature = work.resolve("signature");
        Tool.run("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", signature.toString(),
                data.toString());
        return input + "." + base64url(Files.readAllBytes(signature));
    }

    private static void push(String token, String repository) {
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "oidc:" + token,
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/" + repository);
    }

    @Test
    void theMainBranchPipeline_pushesWithItsToken_andNoStoredPassword() throws Exception {
        push(token("refs/heads/main", 300), "org/app/web:1");
        assertTrue(berth.log().contains("\"who\":\"external:github/repo:org/app:ref:refs/heads/main\""),
                "the audit trail names the pipeline");
    }

    @Test
    void anotherBranchsPipeline_mayPullButNotPush() throws Exception {
        String feature = token("refs/heads/feature", 300);
        Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "oidc:" + feature,
                "docker://" + berth.address() + "/org/app/base:1");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> push(feature, "org/app/web:2"));
        assertTrue(refused.getMessage().contains("denied") || refused.getMessage().contains("unauthorized"),
                refused.getMessage());
    }

    @Test
    void anExpiredToken_isRefused() throws Exception {
        String expired = token("refs/heads/main", -120);
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> push(expired, "org/app/web:3"));
        assertTrue(refused.getMessage().contains("unauthorized") || refused.getMessage().contains("authentication"),
                refused.getMessage());
    }

    @Test
    void docker_logsInAsOidc_andPushes() throws Exception {
        String image = berth.address() + "/org/app/base:1";
        try (DockerEngine docker = DockerEngine.start(work.resolve("docker"), berth.address())) {
            assertTrue(docker.dockerMerged("login", "-u", "oidc", "-p", token("refs/heads/main", 300),
                    berth.address()).contains("Login Succeeded"));
            docker.docker("pull", image);
            docker.docker("tag", image, berth.address() + "/org/app/docker:1");
            docker.docker("push", berth.address() + "/org/app/docker:1");
        }
    }
}
