package dev.berth.registry.auth;

import static dev.berth.registry.auth.TestClient.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.token.SigningKeys;
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
                Set.of(Action.PULL, Action.PUSH), Set.of(new Grantee.Named("user:alice"))),
                new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN), Set.of(new Grantee.Named("user:jörg")))));
        Clock clock = Clock.systemUTC();
        SigningKeys keys = SigningKeys.open(dir.resolve("keys"), clock, Duration.ofDays(30));
        Tokens tokens = Tokens.of(keys, () -> rules, clock);
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(htpasswd, Htpasswd::parse), clock),
                () -> rules, "Berth",
                Optional.of(tokens), LoginThrottle.standard(clock));
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

    @Test
    void tokensIssuedBeforeARepositoryWasDeleted_areRefusedForItsNewIncarnation_andNewTokensWork() throws Exception {
        String old = "Bearer " + token("alice", "correct horse", "repository:team/app:pull,push");
        HttpResponse<String> upload = client.send(HttpRequest.newBuilder(client.url(
                "/v2/team/app/blobs/uploads/?digest=sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("hello")), old);
        assertEquals(201, upload.statusCode(), upload.body());
        assertEquals(403, client.send(HttpRequest.newBuilder(client.url("/v2/team/app/")).DELETE(),
                basic("alice", "correct horse")).statusCode(), "deleting a repository takes an administrator");
        assertEquals(202, client.send(HttpRequest.newBuilder(client.url("/v2/team/app/")).DELETE(),
                basic("jörg", "pässwörd")).statusCode());
        assertEquals(404, client.send(HttpRequest.newBuilder(client.url("/v2/team/app/")).DELETE(),
                basic("jörg", "pässwörd")).statusCode());

        HttpResponse<String> refused = client.get("/v2/team/app/tags/list", old);
        assertEquals(401, refused.statusCode());
        assertTrue(challenge(refused).endsWith("error=\"insufficient_scope\""), challenge(refused));
        Thread.sleep(1100);   // tokens are dated to the second; one from the second of the deletion counts as older
        String fresh = "Bearer " + token("alice", "correct horse", "repository:team/app:pull");
        assertEquals(404, client.get("/v2/team/app/tags/list", fresh).statusCode());
    }

    @Test
    void theOAuth2PasswordGrant_answersAnAccessToken_andARefreshTokenForOfflineAccess() throws Exception {
        HttpResponse<String> answer = client.postForm("/token", "grant_type=password&username=alice"
                + "&password=correct+horse&service=berth&client_id=docker&access_type=offline"
                + "&scope=repository%3Ateam%2Fapp%3Apull%2Cpush+repository%3Aother%2Fapp%3Apull");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("repository:team/app:pull,push", body.get("scope").asText());
        HttpResponse<String> push = client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), "Bearer " + body.get("access_token").asText());
        assertEquals(202, push.statusCode(), push.body());
        String refresh = body.get("refresh_token").asText();

        HttpResponse<String> refreshed = client.postForm("/token", "grant_type=refresh_token&service=berth"
                + "&client_id=docker&scope=repository%3Ateam%2Fweb%3Apull&refresh_token=" + refresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode again = JSON.readTree(refreshed.body());
        assertEquals(refresh, again.get("refresh_token").asText());
        assertEquals("repository:team/web:pull", again.get("scope").asText());
        assertEquals(404, client.get("/v2/team/web/tags/list", "Bearer " + again.get("access_token").asText())
                .statusCode());
    }

    @Test
    void dockersOfflineTokenRequest_getsARefreshToken_forAnAccountOnly() throws Exception {
        HttpResponse<String> login = client.get("/token?service=berth&client_id=docker&offline_token=true",
                basic("alice", "correct horse"));
        assertTrue(JSON.readTree(login.body()).has("refresh_token"), login.body());
        HttpResponse<String> anonymous = client.get("/token?service=berth&offline_token=true", null);
        assertFalse(JSON.readTree(anonymous.body()).has("refresh_token"), anonymous.body());
        assertFalse(JSON.readTree(client.get("/token?service=berth", basic("alice", "correct horse")).body())
                .has("refresh_token"));
    }

    @Test
    void aRefreshToken_isNoAccessToken_andAnAccessTokenIsNoRefreshToken() throws Exception {
        JsonNode body = JSON.readTree(client.postForm("/token", "grant_type=password&username=alice"
                + "&password=correct+horse&service=berth&client_id=docker&access_type=offline").body());
        assertEquals(401, client.get("/v2/", "Bearer " + body.get("refresh_token").asText()).statusCode());
        assertEquals(401, client.postForm("/token", "grant_type=refresh_token&service=berth&client_id=docker"
                + "&refresh_token=" + body.get("access_token").asText()).statusCode());
    }

    @Test
    void aRefreshToken_endsWhenThePasswordChanges_orTheAccountGoes() throws Exception {
        String refresh = JSON.readTree(client.postForm("/token", "grant_type=password&username=bob"
                + "&password=s3cret%3Awith%3Acolons&service=berth&client_id=docker&access_type=offline").body())
                .get("refresh_token").asText();
        String form = "grant_type=refresh_token&service=berth&client_id=docker&refresh_token=" + refresh;
        assertEquals(200, client.postForm("/token", form).statusCode());
        new UsersFile(htpasswd).put("bob", Htpasswd.hash("a new password"), Optional.empty());
        Thread.sleep(WatchedFile.CHECK_INTERVAL.toMillis() + 100);
        HttpResponse<String> changed = client.postForm("/token", form);
        assertEquals(401, changed.statusCode());
        assertTrue(changed.body().contains("log in again"), changed.body());
    }

    @Test
    void badForms_areRefusedSayingWhatIsWrong() throws Exception {
        HttpResponse<String> wrong = client.postForm("/token", "grant_type=password&username=alice&password=nope"
                + "&service=berth&client_id=docker");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("UNAUTHORIZED"), wrong.body());
        HttpResponse<String> grant = client.postForm("/token", "grant_type=authorization_code&service=berth");
        assertEquals(400, grant.statusCode());
        assertTrue(grant.body().contains("unsupported_grant_type"), grant.body());
        assertEquals(400, client.postForm("/token", "grant_type=password&service=berth&username=alice").statusCode());
        assertEquals(400, client.postForm("/token", "grant_type=password&service=elsewhere&username=alice"
                + "&password=correct+horse").statusCode());
        assertEquals(400, client.postForm("/token", "grant_type=password&grant_type=refresh_token").statusCode());
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
