package dev.berth.registry.auth;

import static dev.berth.registry.auth.TestClient.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.audit.AuditLog;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.Requests;
import dev.berth.registry.watch.WatchedFile;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with Basic authentication against users from Apache's htpasswd, where rules give alice pull and push on
 * team/**, jörg everything, bob nothing, and everyone pull on public/*: who is challenged, let in, denied, and what
 * each sees of what they may not pull.
 */
class AccessFilterTest {

    private static final byte[] BLOB = "layer".getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = Digest.sha256(BLOB).toString();

    @TempDir
    Path dir;
    private Registry registry;
    private Path htpasswd;
    private final TestClient client = new TestClient(() -> registry.port());

    @BeforeEach
    void start() throws Exception {
        htpasswd = ApacheUsers.copyInto(dir);
        Authorizer rules = new Authorizer(List.of(
                new Rule(RepositoryPattern.of("team/**"), Set.of(Action.PULL, Action.PUSH),
                        Set.of(new Grantee.Named("user:alice"))),
                new Rule(RepositoryPattern.of("public/*"), Set.of(Action.PULL), Set.of(new Grantee.Anyone())),
                new Rule(RepositoryPattern.of("**"), Set.of(Action.ADMIN), Set.of(new Grantee.Named("user:jörg")))));
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(htpasswd, Htpasswd::parse),
                Clock.systemUTC()), () -> rules, "Berth",
                Optional.empty(), LoginThrottle.standard(Clock.systemUTC()));
        registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir.resolve("data"), Clock.systemUTC()),
                Clock.systemUTC(), Registry.Options.defaults().withAccess(access));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void theVersionCheck_challengesAnonymousCallers_andWelcomesAUser() throws Exception {
        HttpResponse<String> anonymous = client.get("/v2/", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"Berth\", charset=\"UTF-8\"",
                anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(anonymous.body().contains("UNAUTHORIZED"), anonymous.body());

        assertEquals(200, client.get("/v2/", basic("alice", "correct horse")).statusCode());
        assertEquals(200, client.get("/v2/", basic("jörg", "pässwörd")).statusCode());
    }

    @Test
    void garbageCollection_isForAdministratorsOfEveryRepository_only() throws Exception {
        HttpRequest.Builder collect = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(401, client.send(collect.copy().uri(client.url("/v2/_berth/gc?dry-run=true")), null)
                .statusCode());
        HttpResponse<String> user = client.send(collect.copy().uri(client.url("/v2/_berth/gc?dry-run=true")),
                basic("alice", "correct horse"));
        assertEquals(403, user.statusCode(), "alice administers no repository, let alone all of them");
        HttpResponse<String> admin = client.send(collect.copy().uri(client.url("/v2/_berth/gc?dry-run=true")),
                basic("jörg", "pässwörd"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains("\"dryRun\":true"), admin.body());
    }

    @Test
    void wrongOrMalformedCredentials_areChallengedAgain() throws Exception {
        for (String authorization : new String[] {basic("alice", "wrong"), basic("mallory", "correct horse"),
                "Basic not-base64!", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()),
                "Bearer abc"}) {
            HttpResponse<String> answer = client.get("/v2/team/app/tags/list", authorization);
            assertEquals(401, answer.statusCode(), authorization);
            assertTrue(answer.headers().firstValue("WWW-Authenticate").isPresent(), authorization);
        }
    }

    @Test
    void repeatedFailedLogins_fromOneAddress_are429WithRetryAfter_evenWithTheRightPasswordThen() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, client.get("/v2/", basic("alice", "guess " + i)).statusCode());
        }
        HttpResponse<String> throttled = client.get("/v2/", basic("alice", "correct horse"));
        assertEquals(429, throttled.statusCode());
        assertTrue(throttled.body().contains("TOOMANYREQUESTS"), throttled.body());
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void logins_denials_andWrites_leaveAuditLines_sayingWhoFromWhereWhatAndTheResult() throws Exception {
        List<Map<String, Object>> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(AuditLog.LOGGER);
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            @SuppressWarnings("unchecked")
            public void publish(java.util.logging.LogRecord record) {
                audit.add((Map<String, Object>) record.getParameters()[0]);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            client.get("/v2/", basic("alice", "correct horse"));
            client.get("/v2/", basic("mallory", "guess"));
            push("team/app", basic("alice", "correct horse"));
            client.get("/v2/other/app/tags/list", basic("alice", "correct horse"));
        } finally {
            logger.removeHandler(handler);
        }
        assertTrue(audit.contains(Map.of("event", "login", "who", "user:alice", "from", "127.0.0.1", "what", "basic",
                "result", "ok")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.get("event").equals("denied") && line.get("who")
                .equals("mallory") && line.get("what").equals("GET /v2/")), audit.toString());
        assertTrue(audit.contains(Map.of("event", "write", "who", "user:alice", "from", "127.0.0.1", "what",
                "POST /v2/team/app/blobs/uploads/", "repository", "team/app", "result", "201")), audit.toString());
        assertTrue(audit.contains(Map.of("event", "denied", "who", "user:alice", "from", "127.0.0.1", "what",
                "GET /v2/other/app/tags/list", "repository", "other/app", "result",
                "user:alice may not pull on other/app")), audit.toString());
    }

    @Test
    void aUser_pushesAndPullsWhereTheRulesSay_andIsDeniedElsewhere_whetherOrNotTheRepositoryExists() throws Exception {
        String alice = basic("alice", "correct horse");
        assertEquals(201, push("team/app", alice).statusCode());
        assertEquals(200, client.get("/v2/team/app/blobs/" + DIGEST, alice).statusCode());

        HttpResponse<String> elsewhere = push("other/app", alice);
        assertEquals(403, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("DENIED"), elsewhere.body());
        assertEquals(403, client.get("/v2/other/app/tags/list", alice).statusCode());
        assertEquals(403, client.get("/v2/never/made/tags/list", alice).statusCode());

        HttpResponse<String> bob = client.get("/v2/team/app/blobs/" + DIGEST, basic("bob", "s3cret:with:colons"));
        assertEquals(403, bob.statusCode());
    }

    @Test
    void anonymousCallers_pullPublicRepositories_andAreChallengedElsewhere() throws Exception {
        assertEquals(201, push("team/app", basic("alice", "correct horse")).statusCode());
        assertEquals(404, client.get("/v2/public/base/tags/list", null).statusCode());   // allowed, and not there
        assertEquals(401, client.get("/v2/team/app/blobs/" + DIGEST, null).statusCode());
        assertEquals(401, push("public/base", null).statusCode());
        assertEquals(200, client.get("/healthz", null).statusCode());
    }

    @Test
    void theCatalog_listsOnlyTheRepositoriesTheCallerMayPull() throws Exception {
        String jorg = basic("jörg", "pässwörd");
        for (String repository : List.of("team/app", "other/app", "public/base")) {
            assertEquals(201, push(repository, jorg).statusCode());
        }
        assertEquals("{\"repositories\":[\"other/app\",\"public/base\",\"team/app\"]}",
                client.get("/v2/_catalog", jorg).body());
        assertEquals("{\"repositories\":[\"public/base\",\"team/app\"]}",
                client.get("/v2/_catalog", basic("alice", "correct horse")).body());
        assertEquals("{\"repositories\":[\"public/base\"]}",
                client.get("/v2/_catalog", basic("bob", "s3cret:with:colons")).body());
    }

    @Test
    void aBlobIsMountedOnlyFromRepositoriesTheCallerMayPull_soAMountTellsNothingOfTheOthers() throws Exception {
        String alice = basic("alice", "correct horse");
        assertEquals(201, push("other/app", basic("jörg", "pässwörd")).statusCode());

        assertEquals(202, mount("team/app", "&from=other/app", alice).statusCode());
        assertEquals(202, mount("team/app", "", alice).statusCode());

        assertEquals(201, push("public/base", basic("jörg", "pässwörd")).statusCode());
        assertEquals(201, mount("team/app", "", alice).statusCode());
        assertEquals(201, mount("team/web", "&from=public/base", alice).statusCode());
    }

    @Test
    void anUploadSession_belongsToWhoStartedIt_andIsUnknownToEveryoneElse() throws Exception {
        HttpResponse<String> started = client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), basic("jörg", "pässwörd"));
        assertEquals(202, started.statusCode());
        String location = started.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> alice = client.get(location, basic("alice", "correct horse"));
        assertEquals(404, alice.statusCode());
        assertTrue(alice.body().contains("BLOB_UPLOAD_UNKNOWN"), alice.body());
        assertEquals(404, client.send(HttpRequest.newBuilder(client.url(location + "?digest=" + DIGEST))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BLOB)), basic("alice", "correct horse")).statusCode());
        assertEquals(204, client.get(location, basic("jörg", "pässwörd")).statusCode());
    }

    @Test
    void usersRemovedFromTheFile_areRefusedWithoutARestart() throws Exception {
        String bob = basic("bob", "s3cret:with:colons");
        assertEquals(200, client.get("/v2/", bob).statusCode());

        ApacheUsers.remove(htpasswd, "bob");

        assertEquals(401, client.get("/v2/", bob).statusCode());
        assertEquals(200, client.get("/v2/", basic("alice", "correct horse")).statusCode());
    }

    @Test
    void aRouteThatReadsTheRepositoryOtherwiseThanTheAccessCheck_failsClosed() throws Exception {
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(htpasswd, Htpasswd::parse),
                Clock.systemUTC()), Authorizer::everyUserEverything, "Berth", Optional.empty(),
                LoginThrottle.standard(Clock.systemUTC()));
        ErrorResponses errors = new ErrorResponses(new ObjectMapper());
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> {
                    routing.addFilter(new AccessFilter(access, errors, repository -> Optional.empty()));
                    errors.register(routing);
                    // A route that takes only the first segment as the name, unlike the access check.
                    routing.get("/v2/{name:[^/]+}/{rest:.+}", (request, response) ->
                            response.send(Requests.repository(request).value()));
                })
                .build()
                .start();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v2/team/app/manifests/latest")),
                    basic("alice", "correct horse"));
            assertEquals(403, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("DENIED"), answer.body());
        } finally {
            server.stop();
        }
    }

    private HttpResponse<String> push(String repository, String authorization)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(client.url("/v2/" + repository + "/blobs/uploads/?digest=" + DIGEST))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BLOB)), authorization);
    }

    private HttpResponse<String> mount(String repository, String from, String authorization)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(client.url("/v2/" + repository + "/blobs/uploads/?mount=" + DIGEST + from))
                .POST(HttpRequest.BodyPublishers.noBody()), authorization);
    }

}
