package dev.berth.registry.auth;

import static dev.berth.registry.auth.TestClient.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.auth.token.TokenVerifier;
import dev.berth.registry.watch.WatchedFile;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's token flow against the registry: a Bearer challenge naming the token endpoint and the scope, tokens that
 * grant what was asked and allowed, and requests with them (alice may pull and push team/**; bob nothing).
 */
class TokenFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Registry registry;
    private Path htpasswd;
    private final TestClient client = new TestClient(() -> registry.port());

    @BeforeEach
    void start() throws Exception {
        htpasswd = ApacheUsers.copyInto(dir);
        Authorizer rules = new Authorizer(List.of(new Rule(RepositoryPattern.of("team/**"),
                Set.of(Action.PULL, Action.PUSH), Set.of(new Grantee.Named("user:alice")))));
        Clock clock = Clock.systemUTC();
        SigningKeys keys = SigningKeys.open(dir.resolve("keys"), clock, Duration.ofDays(30));
        Tokens tokens = new Tokens(new TokenIssuer(keys, () -> rules, "berth-token-service", "berth", clock),
                new TokenVerifier(keys::publicKey, "berth-token-service", "berth", clock, Duration.ofSeconds(30)),
                "berth");
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(htpasswd, Htpasswd::parse), clock),
                () -> rules, "Berth",
                Optional.of(tokens));
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir.resolve("data"), clock), clock,
                Registry.Options.defaults().withAccess(access));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void anonymousRequests_areChallengedToFetchATokenForTheScopeTheyNeed() throws Exception {
        String base = "http://127.0.0.1:" + registry.port();
        assertEquals("Bearer realm=\"" + base + "/token\",service=\"berth\"", challenge(client.get("/v2/", null)));
        assertEquals("Bearer realm=\"" + base + "/token\",service=\"berth\",scope=\"repository:team/app:pull\"",
                challenge(client.get("/v2/team/app/tags/list", null)));
        HttpResponse<String> push = client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), null);
        assertTrue(challenge(push).endsWith(",scope=\"repository:team/app:pull,push\""), challenge(push));
    }

    @Test
    void aToken_grantsWhatWasAskedAndIsAllowed_andNothingElse() throws Exception {
        JsonNode claims = claims(token("alice", "correct horse", "repository:team/app:pull,push,delete",
                "repository:other/app:pull"));
        assertEquals("user:alice", claims.get("sub").asText());
        assertEquals("berth", claims.get("aud").asText());
        assertEquals(1, claims.get("access").size());
        assertEquals("team/app", claims.get("access").get(0).get("name").asText());
        assertEquals("[\"pull\",\"push\"]", claims.get("access").get(0).get("actions").toString());

        assertEquals(0, claims(token("bob", "s3cret:with:colons", "repository:team/app:pull")).get("access").size());
        assertEquals(401, client.get("/token?scope=repository:team/app:pull", basic("alice", "wrong")).statusCode());
    }

    @Test
    void requestsWithAToken_goWhereItGrants_andAreSentForAnotherTokenElsewhere() throws Exception {
        String token = "Bearer " + token("alice", "correct horse", "repository:team/app:pull");
        assertEquals(200, client.get("/v2/", token).statusCode());
        assertEquals(404, client.get("/v2/team/app/tags/list", token).statusCode());   // allowed, and not there yet

        HttpResponse<String> elsewhere = client.get("/v2/team/web/tags/list", token);
        assertEquals(401, elsewhere.statusCode());
        assertTrue(challenge(elsewhere).endsWith(",scope=\"repository:team/web:pull\",error=\"insufficient_scope\""),
                challenge(elsewhere));
        HttpResponse<String> push = client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
        assertEquals(401, push.statusCode());
    }

    @Test
    void tokensOfAUserSinceRemoved_andTamperedTokens_areRefused() throws Exception {
        String token = token("alice", "correct horse", "repository:team/app:pull");
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertEquals(401, client.get("/v2/team/app/tags/list", "Bearer " + none).statusCode());

        ApacheUsers.remove(htpasswd, "alice");
        assertEquals(401, client.get("/v2/team/app/tags/list", "Bearer " + token).statusCode());
    }

    private String token(String user, String password, String... scopes) throws Exception {
        StringBuilder query = new StringBuilder("/token?service=berth");
        for (String scope : scopes) {
            query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = client.get(query.toString(), basic(user, password));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(body.get("token").asText(), body.get("access_token").asText());
        assertEquals(300, body.get("expires_in").asInt());
        return body.get("token").asText();
    }

    private static JsonNode claims(String token) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static String challenge(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        return response.headers().firstValue("WWW-Authenticate").orElseThrow();
    }

}
