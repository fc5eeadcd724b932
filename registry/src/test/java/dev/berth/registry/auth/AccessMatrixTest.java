package dev.berth.registry.auth;

import static dev.berth.registry.auth.TestClient.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.federation.ClaimMapping;
import dev.berth.registry.auth.federation.ExternalIssuer;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.federation.JwksSource;
import dev.berth.registry.auth.federation.TestIdentityProvider;
import dev.berth.registry.auth.token.ResourceAccess;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.auth.token.TokenClaims;
import dev.berth.registry.auth.token.TokenSigner;
import dev.berth.registry.watch.WatchedFile;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint against every kind of caller, with the status each must get, from one table. Callers with a token
 * get it as clients do: the request is challenged, the token is fetched for the scope the challenge names, and the
 * request is made again with it.
 */
class AccessMatrixTest {

    /**
     * Rows are endpoints, on repository team/app unless they say otherwise; columns are callers. A token refused or
     * short of the scope is a 401 (the client is sent for another); a password without the right would be a 403
     * (AccessFilterTest). An anonymous token passes the version check and sees a catalog of what anyone may pull
     * (here nothing), as Docker Hub's do.
     */
    private static final String TABLE = """
            endpoint                        anon reader writer admin robot extern wrong expired other tampered rekeyed none recreated
            GET /v2/                         200  200    200    200   200   200    401   401     200   401      401     401  200
            GET /v2/_catalog                 200  200    200    200   200   200    401   401     200   401      401     401  200
            GET tags/list                    401  200    200    200   200   200    401   401     401   401      401     401  401
            HEAD manifests/v1                401  200    200    200   200   200    401   401     401   401      401     401  401
            GET manifests/MANIFEST           401  200    200    200   200   200    401   401     401   401      401     401  401
            GET blobs/CONFIG                 401  200    200    200   200   200    401   401     401   401      401     401  401
            HEAD blobs/CONFIG                401  200    200    200   200   200    401   401     401   401      401     401  401
            GET referrers/MANIFEST           401  200    200    200   200   200    401   401     401   401      401     401  401
            POST blobs/uploads/              401  401    202    202   202   202    401   401     401   401      401     401  401
            PUT manifests/matrix             401  401    201    201   201   201    401   401     401   401      401     401  401
            DELETE manifests/UNKNOWN         401  401    404    404   401   401    401   401     401   401      401     401  401
            DELETE blobs/UNKNOWN             401  401    404    404   401   401    401   401     401   401      401     401  401
            DELETE team/gone/                401  401    401    404   401   401    401   401     401   401      401     401  401
            """;

    private static final String RULES = """
            admins: [admin]
            groups:
              writers: [writer, "robot:ci"]
            rules:
              - repositories: ["team/**"]
                actions: [pull]
                to: [reader, "group:writers", "group:pipelines"]
              - repositories: ["team/**"]
                actions: [push]
                to: ["group:writers", "group:pipelines"]
              - repositories: ["team/**"]
                actions: [delete]
                to: [writer]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private Registry registry;
    private SigningKeys keys;
    private final TestClient client = new TestClient(() -> registry.port());
    private String robotSecret;
    private String pipelineToken;
    private byte[] manifest;

    @BeforeEach
    void start() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("htpasswd"));
        for (String user : List.of("reader", "writer", "admin")) {
            users.put(user, Htpasswd.hash(user + "-password"), Optional.empty());
        }
        robotSecret = "robot-secret-" + System.nanoTime();
        users.put("robot$ci", Htpasswd.hash(robotSecret), Optional.empty());
        TestIdentityProvider provider = new TestIdentityProvider().withKey("matrix", "EC");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), provider.jwks());
        Federation federation = new Federation(List.of(new ExternalIssuer("ci", TestIdentityProvider.ISSUER, "berth",
                JwksSource.File.open(jwks), List.of(new ClaimMapping("pipelines", Map.of("repository", "team/app"))))),
                Clock.systemUTC(), Duration.ofSeconds(30));
        pipelineToken = provider.githubToken("team/app", "refs/heads/main", "berth");
        Clock clock = Clock.systemUTC();
        keys = SigningKeys.open(dir.resolve("keys"), clock, Duration.ofDays(30));
        Authorizer rules = AccessRules.parse("rules", RULES);
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(users.path(), Htpasswd::parse),
                federation, clock), () -> rules, "Berth",
                Optional.of(Tokens.of(keys, () -> rules, clock)), new LoginThrottle(10_000, 10_000, clock));
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir.resolve("data"), clock), clock,
                Registry.Options.defaults().withAccess(access));
        seed("team/app");
        seed("other/app");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** An image (an empty config and no layers) tagged v1, pushed by the administrator. */
    private void seed(String repository) throws Exception {
        String admin = basic("admin", "admin-password");
        assertEquals(201, client.send(HttpRequest.newBuilder(client.url("/v2/" + repository + "/blobs/uploads/?digest="
                + Digest.sha256(CONFIG))).POST(HttpRequest.BodyPublishers.ofByteArray(CONFIG)), admin).statusCode());
        manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json",
                        "digest", Digest.sha256(CONFIG).toString(), "size", CONFIG.length),
                "layers", List.of()));
        assertEquals(201, client.send(HttpRequest.newBuilder(client.url("/v2/" + repository + "/manifests/v1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), admin).statusCode());
    }

    @Test
    void everyEndpoint_answersEveryCaller_asTheTableSays() throws Exception {
        List<String> lines = TABLE.strip().lines().toList();
        List<String> callers = List.of(lines.getFirst().trim().split("\\s+")).subList(1, 14);
        Map<String, Function<String, String>> authorization = callers(callers);
        List<String> mismatches = new ArrayList<>();
        for (String caller : callers) {
            if (caller.equals("recreated")) {
                prepareRecreated();
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.trim().split("\\s+");
                int expected = Integer.parseInt(cells[2 + callers.indexOf(caller)]);
                int actual = request(cells[0], path(cells[1]), authorization.get(caller));
                if (actual != expected) {
                    mismatches.add(caller + " " + cells[0] + " " + cells[1] + ": " + actual + ", not " + expected);
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private String path(String endpoint) {
        String path = endpoint.replace("MANIFEST", Digest.sha256(manifest).toString())
                .replace("CONFIG", Digest.sha256(CONFIG).toString())
                .replace("UNKNOWN", Digest.sha256("nothing".getBytes(StandardCharsets.UTF_8)).toString());
        return path.startsWith("/v2/") ? path : path.startsWith("team/") ? "/v2/" + path : "/v2/team/app/" + path;
    }

    /**
     * Makes the request as the caller: a function from the scope a challenge names to the Authorization header (null
     * for none). Token callers follow one challenge, as clients do.
     */
    private int request(String method, String path, Function<String, String> caller) throws Exception {
        HttpResponse<String> first = send(method, path, caller.apply(null));
        Optional<String> scope = first.headers().firstValue("WWW-Authenticate")
                .filter(challenge -> challenge.startsWith("Bearer"))
                .map(challenge -> challenge.contains("scope=\"")
                        ? challenge.replaceAll(".*scope=\"([^\"]*)\".*", "$1") : "");
        if (first.statusCode() != 401 || scope.isEmpty()) {
            return first.statusCode();
        }
        String again = caller.apply(scope.get());
        return again == null ? first.statusCode() : send(method, path, again).statusCode();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.url(path));
        switch (method) {
            case "PUT" -> request.header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest));
            case "POST" -> request.POST(HttpRequest.BodyPublishers.noBody());
            default -> request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request, authorization);
    }

    /** How each caller authorizes, by the scope a challenge asked for (null before any challenge). */
    private Map<String, Function<String, String>> callers(List<String> names) throws Exception {
        Map<String, Function<String, String>> callers = new LinkedHashMap<>();
        callers.put("anon", scope -> scope == null ? null : bearer(token(null, scope)));
        callers.put("reader", login("reader", "reader-password"));
        callers.put("writer", login("writer", "writer-password"));
        callers.put("admin", login("admin", "admin-password"));
        callers.put("robot", login("robot$ci", robotSecret));
        callers.put("extern", login("oidc", pipelineToken));
        callers.put("wrong", scope -> basic("writer", "not-the-password"));
        long now = System.currentTimeMillis() / 1000;
        callers.put("expired", fixed(sign(claims("user:writer", now - 900, now - 600, "team/app"), keys)));
        callers.put("other", fixed(token(basic("writer", "writer-password"), "repository:other/app:pull,push")));
        String good = token(basic("writer", "writer-password"), "repository:other/app:pull,push");
        callers.put("tampered", fixed(tamper(good)));
        callers.put("rekeyed", fixed(sign(claims("user:writer", now, now + 300, "team/app"),
                SigningKeys.open(dir.resolve("other-keys"), Clock.systemUTC(), Duration.ofDays(30)))));
        String[] parts = good.split("\\.");
        callers.put("none", fixed(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
        callers.put("recreated", scope -> recreatedToken == null ? null : bearer(recreatedToken));
        assertEquals(names, List.copyOf(callers.keySet()));
        return callers;
    }

    private String recreatedToken;

    /** A writer's token for team/app; then the repository is deleted and pushed again. */
    private void prepareRecreated() throws Exception {
        recreatedToken = token(basic("writer", "writer-password"), "repository:team/app:pull,push,delete");
        assertEquals(202, client.send(HttpRequest.newBuilder(client.url("/v2/team/app/")).DELETE(),
                basic("admin", "admin-password")).statusCode());
        seed("team/app");
    }

    /** A client that logs in as docker does: without credentials first, then with a token for the challenge. */
    private Function<String, String> login(String user, String password) {
        String credentials = basic(user, password);
        return scope -> scope == null ? null : bearer(token(credentials, scope));
    }

    private static Function<String, String> fixed(String token) {
        return scope -> bearer(token);
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    /** A token from the token endpoint, as a client with these credentials (or none) gets it for the scope. */
    private String token(String credentials, String scope) {
        try {
            HttpResponse<String> answer = client.get("/token?service=berth&scope="
                    + URLEncoder.encode(scope, StandardCharsets.UTF_8), credentials);
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()).get("token").asText() : null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TokenClaims claims(String subject, long issuedAt, long expiresAt, String repository) {
        return new TokenClaims("berth-token-service", subject, "berth", issuedAt, issuedAt, expiresAt, "matrix-"
                + issuedAt, List.of(new ResourceAccess("repository", repository, List.of("pull", "push", "delete"))),
                null, null);
    }

    private static String sign(TokenClaims claims, SigningKeys with) throws Exception {
        return new TokenSigner().sign(claims, with.current());
    }

    /** The token with its claims changed to grant everything on team/app, and its signature kept. */
    private static String tamper(String token) throws Exception {
        String[] parts = token.split("\\.");
        var claims = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Base64.getUrlDecoder()
                .decode(parts[1]));
        claims.set("access", JSON.valueToTree(List.of(new ResourceAccess("repository", "team/app",
                List.of("pull", "push", "delete", "*")))));
        return parts[0] + "." + encode(JSON.writeValueAsString(claims)) + "." + parts[2];
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
