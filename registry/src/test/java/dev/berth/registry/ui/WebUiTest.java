package dev.berth.registry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessRules;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.BasicAuthenticator;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.LoginThrottle;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.auth.Tokens;
import dev.berth.registry.auth.UsersFile;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.gc.GcSettings;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.gc.TestImages;
import dev.berth.registry.manifest.ManifestPush;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.watch.WatchedFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over HTTP: who sees what, escaping, form tokens, deletions, sessions. */
class WebUiTest {

    private static final String RULES = """
            admins: [admin]
            rules:
              - repositories: ["team/**"]
                actions: [pull]
                to: [reader, deleter]
              - repositories: ["team/**"]
                actions: [delete]
                to: [deleter]
            """;
    /** Values anyone who may push can set, each trying to break out of where the page puts it. */
    static final String HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

    @TempDir
    Path dir;
    private Registry registry;
    private Storage storage;
    private Digest app;
    private final UiClient browser = new UiClient(() -> registry.port());

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        UsersFile users = new UsersFile(dir.resolve("htpasswd"));
        for (String user : List.of("reader", "deleter", "admin")) {
            users.put(user, Htpasswd.hash(user + "-password"), Optional.empty());
        }
        Authorizer rules = AccessRules.parse("rules", RULES);
        SigningKeys keys = SigningKeys.open(dir.resolve("keys"), clock, Duration.ofDays(30));
        Access access = new Access(new BasicAuthenticator(WatchedFile.open(users.path(), Htpasswd::parse),
                Federation.none(), clock), () -> rules, "Berth", Optional.of(Tokens.of(keys, () -> rules, clock)),
                new LoginThrottle(10_000, 10_000, clock));
        storage = DiskStorage.open(dir.resolve("data"), clock);
        registry = Registry.start("127.0.0.1", 0, storage, clock, Registry.Options.defaults().withAccess(access)
                .withImmutableTags(new ImmutableTags(List.of(new ImmutableTags.Rule(RepositoryPattern.of("team/frozen"),
                        List.of())))));
        TestImages images = new TestImages(storage, new ManifestPush(storage, clock, new PushFence(storage.marks(),
                clock, GcSettings.defaults())));
        app = images.imageWithConfig(RepositoryName.of("team/app"), "v1", """
                {"architecture":"arm64","os":"linux","variant":"v8",
                 "config":{"Labels":{"org.example.title":"%s"}},
                 "rootfs":{"type":"layers","diff_ids":[]},
                 "history":[{"created_by":"ADD base.tar / # %s"},{"created_by":"ENV A=b","empty_layer":true},
                            {"created_by":"RUN make install"}]}
                """.formatted(json(HOSTILE), json(HOSTILE)), "\"org.example.note\":\"" + json(HOSTILE) + "\"",
                "a layer the base recorded no history for", "base layer", "make install layer");
        images.referrer(RepositoryName.of("team/app"), app, "a signature");
        images.image(RepositoryName.of("team/frozen"), "1.0", "frozen");
        images.image(RepositoryName.of("secret/app"), "v1", "secret");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void someoneNotLoggedIn_isOfferedALogin_andSeesNothingTheyMayNotPull() throws Exception {
        HttpResponse<String> page = browser.get("/ui/repositories");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Log in"), page.body());
        assertFalse(page.body().contains("team/app"), page.body());
        assertEquals(UiFilter.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy")
                .orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
    }

    @Test
    void theHomePage_leadsToTheRepositories() throws Exception {
        HttpResponse<String> home = browser.get("/");
        assertEquals(303, home.statusCode());
        assertEquals("/ui/repositories", home.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aPageThatDoesNotExist_isAPageSayingSo() throws Exception {
        HttpResponse<String> missing = browser.get("/ui/nothing/here");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().startsWith("<!doctype html>") && missing.body().contains("There is no such page."),
                missing.body());
        assertEquals(UiFilter.CONTENT_SECURITY_POLICY, missing.headers().firstValue("Content-Security-Policy")
                .orElseThrow());
    }

    @Test
    void aReader_seesTheRepositoriesTheyMayPull_andNoOthers() throws Exception {
        HttpResponse<String> login = browser.login("reader", "reader-password");
        assertEquals(303, login.statusCode(), login.body());
        String list = browser.get("/ui/repositories").body();
        assertTrue(list.contains(">team/app<") && list.contains(">team/frozen<"), list);
        assertFalse(list.contains("secret/app"), list);
        assertTrue(list.contains("user:reader"), list);
    }

    @Test
    void loggingIn_fromAPageOneMayNotSee_returnsToIt() throws Exception {
        HttpResponse<String> hidden = browser.get("/ui/repositories/team/app?after=v0");
        assertEquals(404, hidden.statusCode());
        String login = "/ui/login?next=%2Fui%2Frepositories%2Fteam%2Fapp%3Fafter%3Dv0";
        assertTrue(hidden.body().contains("href=\"" + login + "\""), hidden.body());
        assertTrue(browser.get(login).body().contains("name=\"next\" value=\"/ui/repositories/team/app?after=v0\""));
        HttpResponse<String> loggedIn = browser.post("/ui/login", Map.of("username", "reader", "password",
                "reader-password", "next", "/ui/repositories/team/app?after=v0"));
        assertEquals("/ui/repositories/team/app?after=v0", loggedIn.headers().firstValue("Location").orElseThrow());
        browser.get("/ui/login");
        HttpResponse<String> elsewhere = browser.post("/ui/login", Map.of("username", "reader", "password",
                "reader-password", "next", "https://evil.example/"));
        assertEquals("/ui/repositories", elsewhere.headers().firstValue("Location").orElseThrow(),
                "never to another site");
    }

    @Test
    void aWrongPassword_startsNoSession() throws Exception {
        HttpResponse<String> login = browser.login("reader", "wrong");
        assertEquals(401, login.statusCode());
        assertTrue(login.body().contains("Wrong user name, password or token."), login.body());
        assertFalse(browser.get("/ui/repositories").body().contains("team/app"));
    }

    @Test
    void aRefreshToken_asDockerKeepsIt_logsIn_andANonsenseTokenDoesNot() throws Exception {
        HttpResponse<String> grant = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(browser.url("/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=password&username=reader"
                        + "&password=reader-password&access_type=offline&service=berth")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String refresh = new com.fasterxml.jackson.databind.ObjectMapper().readTree(grant.body()).get("refresh_token")
                .asText();
        browser.get("/ui/login");
        assertEquals(401, browser.post("/ui/login", Map.of("token", "not.a.token")).statusCode());
        assertEquals(303, browser.post("/ui/login", Map.of("token", refresh)).statusCode());
        assertTrue(browser.get("/ui/repositories").body().contains("user:reader"));
    }

    @Test
    void aSessionCookie_isNoTokenForTheApi() throws Exception {
        browser.login("admin", "admin-password");
        HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(browser.url("/v2/team/app/tags/list")).header("Authorization", "Bearer "
                        + browser.cookie(UiFilter.SESSION)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode(), api.body());
    }

    @Test
    void aRepositoryOneMayNotPull_looksExactlyLikeOneThatDoesNotExist() throws Exception {
        browser.login("reader", "reader-password");
        for (String page : List.of("", "/-/images/" + app, "/-/tags/v1/delete")) {
            HttpResponse<String> hidden = browser.get("/ui/repositories/secret/app" + page);
            HttpResponse<String> missing = browser.get("/ui/repositories/secret/gone" + page);
            assertEquals(404, hidden.statusCode());
            assertEquals(missing.statusCode(), hidden.statusCode());
            assertEquals(missing.body().replace("secret/gone", "secret/app"), hidden.body(), page);
        }
    }

    @Test
    void anImagePage_showsLayersWithTheirHistory_labels_annotations_referrers_andPullCommands() throws Exception {
        browser.login("reader", "reader-password");
        String page = browser.get("/ui/repositories/team/app/-/images/" + app + "?tag=v1").body();
        assertTrue(page.contains("linux/arm64/v8"), "platform from the config");
        assertTrue(page.contains("RUN make install") && page.contains("ENV A=b") && page.contains("no layer"), page);
        assertTrue(page.contains("no history recorded"), "the first layer, which the history does not name");
        assertTrue(page.contains("org.example.title") && page.contains("org.example.note"), page);
        assertTrue(page.contains("docker pull 127.0.0.1:" + registry.port() + "/team/app:v1"), page);
        assertTrue(page.contains("podman pull ") && page.contains("berth pull "), page);
        assertTrue(page.contains("class=\"tree\"") && page.contains("referrer"), "the referrer is in the tree");
        assertTrue(page.contains("No signatures in any format."), page);
        assertTrue(page.contains("id=\"manifest-json\"") && page.contains("id=\"config-json\""), page);
    }

    @Test
    void valuesPushedByAnyone_areEscapedWhereverTheyShow() throws Exception {
        browser.login("reader", "reader-password");
        List<String> pages = List.of(
                browser.get("/ui/repositories/team/app/-/images/" + app).body(),
                browser.get("/ui/repositories?q=" + UiPathsTestSupport.encode(HOSTILE)).body(),
                browser.get("/ui/login?next=" + UiPathsTestSupport.encode(HOSTILE)).body(),
                browser.get("/ui/repositories/team/app?deleted=" + UiPathsTestSupport.encode(HOSTILE)).body());
        for (String page : pages) {
            assertFalse(page.contains("<script>alert"), page);
            assertFalse(page.contains("<img src=x"), page);
            assertFalse(page.contains("onerror=alert(2)>"), page);
        }
        assertTrue(pages.getFirst().contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x"),
                "the label shows, as text");
    }

    @Test
    void aReader_mayNotDelete_norBeOfferedTo() throws Exception {
        browser.login("reader", "reader-password");
        assertFalse(browser.get("/ui/repositories/team/app").body().contains("/delete"));
        assertEquals(403, browser.get("/ui/repositories/team/app/-/tags/v1/delete").statusCode());
        browser.get("/ui/repositories/team/app");
        HttpResponse<String> post = browser.post("/ui/repositories/team/app/-/tags/v1/delete", Map.of());
        assertEquals(403, post.statusCode());
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isPresent());
    }

    @Test
    void anAdministrator_deletesATag_afterConfirming() throws Exception {
        browser.login("admin", "admin-password");
        String tags = browser.get("/ui/repositories/team/app").body();
        assertTrue(tags.contains("/ui/repositories/team/app/-/tags/v1/delete"), tags);
        HttpResponse<String> confirm = browser.get("/ui/repositories/team/app/-/tags/v1/delete");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("Delete tag"), confirm.body());
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isPresent(),
                "asking is not deleting");
        HttpResponse<String> deleted = browser.post("/ui/repositories/team/app/-/tags/v1/delete", Map.of());
        assertEquals(303, deleted.statusCode(), deleted.body());
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isEmpty());
        assertTrue(browser.get(deleted.headers().firstValue("Location").orElseThrow()).body()
                .contains("Deleted tag v1 of team/app."));
    }

    @Test
    void anImmutableTag_givesWayOnlyToAnAdministrator() throws Exception {
        browser.login("deleter", "deleter-password");
        HttpResponse<String> refused = browser.get("/ui/repositories/team/frozen/-/tags/1.0/delete");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("is immutable"), refused.body());
        UiClient admin = new UiClient(() -> registry.port());
        admin.login("admin", "admin-password");
        admin.get("/ui/repositories/team/frozen/-/tags/1.0/delete");
        assertEquals(303, admin.post("/ui/repositories/team/frozen/-/tags/1.0/delete", Map.of()).statusCode());
    }

    @Test
    void everyStateChangingForm_withoutTheFormToken_changesNothing() throws Exception {
        browser.login("admin", "admin-password");
        browser.get("/ui/repositories/team/app");
        for (String action : List.of("/ui/repositories/team/app/-/tags/v1/delete",
                "/ui/repositories/team/app/-/images/" + app + "/delete", "/ui/logout", "/ui/login",
                "/ui/storage/measure", "/ui/lifecycle")) {
            HttpResponse<String> wrong = browser.postRaw(action, Map.of(), Map.of("csrf", "forged",
                    "username", "admin", "password", "admin-password"));
            assertEquals(403, wrong.statusCode(), action);
            HttpResponse<String> none = browser.postRaw(action, Map.of(), Map.of());
            assertEquals(403, none.statusCode(), action);
        }
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isPresent());
        assertTrue(browser.get("/ui/storage").body().contains("Not measured yet"), "no measurement was taken");
        assertTrue(browser.get("/ui/repositories").body().contains("user:admin"), "still logged in");
    }

    @Test
    void aFormSentFromAnotherSite_isRefusedBeforeItIsRead() throws Exception {
        browser.login("admin", "admin-password");
        browser.get("/ui/repositories/team/app");
        String action = "/ui/repositories/team/app/-/tags/v1/delete";
        Map<String, String> form = Map.of("csrf", browser.formToken());
        assertEquals(403, browser.postRaw(action, Map.of("Origin", "http://evil.example"), form).statusCode());
        assertEquals(403, browser.postRaw(action, Map.of("Sec-Fetch-Site", "cross-site"), form).statusCode());
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isPresent());
    }

    @Test
    void loggingOut_endsTheSession_evenForACopyOfItsCookie() throws Exception {
        browser.login("reader", "reader-password");
        String page = browser.get("/ui/repositories").body();
        assertTrue(page.contains("user:reader"));
        String cookie = browser.cookie(UiFilter.SESSION);
        Thread.sleep(1100);   // a logout ends the sessions started in earlier seconds
        assertEquals(303, browser.post("/ui/logout", Map.of()).statusCode());
        assertFalse(browser.get("/ui/repositories").body().contains("user:reader"));
        HttpResponse<String> replayed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(browser.url("/ui/repositories")).header("Cookie", UiFilter.SESSION + "=" + cookie).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replayed.statusCode());
        assertFalse(replayed.body().contains("user:reader"), "the old cookie no longer logs anyone in");
    }

    @Test
    void storage_isForAdministrators_andShowsTheLargestRepositoriesOnceMeasured() throws Exception {
        browser.login("reader", "reader-password");
        assertEquals(403, browser.get("/ui/storage").statusCode());
        UiClient admin = new UiClient(() -> registry.port());
        admin.login("admin", "admin-password");
        assertTrue(admin.get("/ui/storage").body().contains("Not measured yet"));
        assertEquals(303, admin.post("/ui/storage/measure", Map.of()).statusCode());
        String page = admin.get("/ui/storage").body();
        assertTrue(page.contains("Size by repository") && page.contains("<svg"), page);
        assertTrue(page.contains(">team/app<") && page.contains(">secret/app<"), page);
        assertTrue(page.contains("No garbage collection has run yet"), page);
    }

    @Test
    void storage_showsWhatGarbageCollectionReclaimed() throws Exception {
        UiClient admin = new UiClient(() -> registry.port());
        admin.login("admin", "admin-password");
        admin.get("/ui/repositories/team/app");
        admin.post("/ui/repositories/team/app/-/images/" + app + "/delete", Map.of());
        java.net.http.HttpResponse<String> collected = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(admin.url("/v2/_berth/gc")).header("Authorization",
                        dev.berth.registry.auth.TestClient.basic("admin", "admin-password"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, collected.statusCode(), collected.body());
        String page = admin.get("/ui/storage").body();
        assertTrue(page.contains("Reclaimed") && page.contains("1 collection"), page);
    }

    @Test
    void aLifecyclePolicyPreview_saysWhatWouldExpireAndWhy_andDeletesNothing() throws Exception {
        TestImages images = new TestImages(storage, new ManifestPush(storage, Clock.systemUTC(),
                new PushFence(storage.marks(), Clock.systemUTC(), GcSettings.defaults())));
        Digest newer = images.image(RepositoryName.of("team/app"), "v2", "newer layer");
        UiClient admin = new UiClient(() -> registry.port());
        admin.login("admin", "admin-password");
        assertTrue(admin.get("/ui/lifecycle").body().contains("imageCountMoreThan"), "an example to start from");
        String policy = """
                {"rules":[{"rulePriority":1,"description":"keep one","selection":{"tagStatus":"any",
                 "countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}""";
        HttpResponse<String> preview = admin.post("/ui/lifecycle", Map.of("repositories", "team/**", "policy",
                policy));
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("1 image would expire in 2 repositories"), preview.body());
        assertTrue(preview.body().contains(app.toString().substring(0, 19)), "the older image");
        assertFalse(preview.body().contains("/-/images/" + newer + "\""), "the newer image stays");
        assertTrue(storage.repositories().manifest(RepositoryName.of("team/app"), app).isPresent());
        HttpResponse<String> invalid = admin.post("/ui/lifecycle", Map.of("repositories", "team/**", "policy",
                "{\"rules\":[{\"rulePriority\":\"" + HOSTILE.replace("\"", "") + "\"}]}"));
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("class=\"error\""), invalid.body());
        assertFalse(invalid.body().contains("<script>alert"), invalid.body());
        assertEquals(403, browser.get("/ui/lifecycle").statusCode(), "not for someone not logged in");
    }

    @Test
    void withoutAccessControl_everyoneManages_butFormsStillNeedTheirToken() throws Exception {
        registry.close();
        registry = Registry.start("127.0.0.1", 0, storage, Clock.systemUTC());
        String list = browser.get("/ui/repositories").body();
        assertTrue(list.contains("access control off") && list.contains("secret/app"), list);
        assertEquals(403, browser.postRaw("/ui/repositories/team/app/-/tags/v1/delete", Map.of(), Map.of())
                .statusCode());
        browser.get("/ui/repositories/team/app/-/tags/v1/delete");
        assertEquals(303, browser.post("/ui/repositories/team/app/-/tags/v1/delete", Map.of()).statusCode());
        assertTrue(storage.repositories().resolveTag(RepositoryName.of("team/app"), Tag.of("v1")).isEmpty());
    }
}
