package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser (Debian's Chromium, headless) against {@code berth serve} with users, access rules and
 * a signature policy, holding images that buildah built and pushed and that skopeo copied and signed with gpg (and
 * berth sign signed with a Sigstore bundle, as cosign v3 does): an
 * administrator logs in, browses, opens an image, sees its layers with buildah's history and its verified signature,
 * and deletes a tag; a reader sees no delete and is refused one. Each page's screenshot is saved under
 * {@code target/ui-screenshots/} and checked: the registry's stylesheet applied, the page not blank, the signature
 * badge green.
 */
class WebUiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "berth.test";
    private static final Map<String, String> NO_PASSWORD = Map.of("COSIGN_PASSWORD", "");
    private static final String HOSTILE_LABEL = "<script>alert('label')</script>";
    private static final String HOSTILE_ANNOTATION = "\"><img src=x onerror=alert('annotation')>";
    static final Path SCREENSHOTS = Path.of(System.getProperty("user.dir"), "target", "ui-screenshots");

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static String fingerprint;
    private Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Path users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "admin", "admin-password");
        Tool.run("htpasswd", "-B", "-b", users.toString(), "reader", "reader-password");
        Files.writeString(work.resolve("rules.yaml"), """
                admins: [admin]
                rules:
                  - repositories: ["team/**"]
                    actions: [pull]
                    to: [reader]
                """);
        fingerprint = GpgKeys.newKey(work, "signer");
        Path key = GpgKeys.export(work, "signer", fingerprint);
        Tool.Result made = Tool.exec(BerthCommand.command("keygen", "--output-key-prefix", work.resolve("cosign")
                .toString()), NO_PASSWORD, "");
        assertEquals(0, made.exit(), made.output());
        Files.writeString(work.resolve("policy.json"), """
                {"default": [{"type": "insecureAcceptAnything"}],
                 "transports": {"docker": {"%s/team/signed": [
                   {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s",
                    "signedIdentity": {"type": "matchRepository"}},
                   {"type": "sigstoreSigned", "keyPath": "%s", "signedIdentity": {"type": "matchRepository"}}]}}}
                """.formatted(NAME, key, work.resolve("cosign.pub")));
        Path config = Files.writeString(work.resolve("berth.yaml"), """
                auth:
                  htpasswd: %s
                  access: %s
                signatures:
                  name: %s
                  policy: policy.json
                """.formatted(users, work.resolve("rules.yaml"), NAME));
        berth = BerthProcess.start(work.resolve("data"), "--config", config.toString());
        pushImages();
    }

    /**
     * buildah builds an image from scratch and busybox, with a label and an annotation nobody should trust, and pushes it as
     * {@code team/app:1} and {@code team/app:2}; skopeo copies it to {@code team/signed:1}, signing it with gpg.
     */
    private static void pushImages() throws Exception {
        BusyboxLayout busybox = BusyboxLayout.write(work.resolve("busybox"));
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "admin:admin-password",
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/base/busybox:1");
        Path context = Files.createDirectories(work.resolve("context"));
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "ln", "-s", "busybox", "/bin/sh"]
                LABEL org.example.title="%s"
                RUN echo built by buildah > /built
                ENV GREETING=hello
                RUN echo second layer > /second
                """.formatted(HOSTILE_LABEL.replace("\"", "\\\"")));
        Path storage = work.resolve("buildah");
        ContainerTools.buildah(storage, "bud", "--layers", "--isolation", "chroot", "--format", "oci",
                "--annotation", "org.example.note=" + HOSTILE_ANNOTATION, "-t", "web-ui-app", context.toString());
        for (String tag : List.of("1", "2")) {
            ContainerTools.buildah(storage, "push", "--tls-verify=false", "--creds", "admin:admin-password",
                    "web-ui-app", "docker://" + berth.address() + "/team/app:" + tag);
        }
        Tool.Result signed = Tool.exec(List.of("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                "--src-creds", "admin:admin-password", "--dest-creds", "admin:admin-password", "--sign-by",
                fingerprint, "--sign-identity", NAME + "/team/signed:1", "docker://" + berth.address()
                        + "/team/app:1", "docker://" + berth.address() + "/team/signed:1"),
                Map.of("GNUPGHOME", GpgKeys.home(work, "signer").toString()), "");
        assertEquals(0, signed.exit(), signed.output());
        Path auth = work.resolve("auth.json");
        Tool.run("skopeo", "login", "--tls-verify=false", "--authfile", auth.toString(), "-u", "admin", "-p",
                "admin-password", berth.address());
        Tool.Result cosigned = Tool.exec(BerthCommand.command("sign", "--insecure-registry", berth.address(),
                "--key", work.resolve("cosign.key").toString(), "--sign-identity", NAME + "/team/signed",
                berth.address() + "/team/signed:1"), Map.of("COSIGN_PASSWORD", "", "REGISTRY_AUTH_FILE",
                auth.toString()), "");
        assertEquals(0, cosigned.exit(), cosigned.output());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.launch(work.resolve("profile-" + System.nanoTime()));
    }

    @AfterEach
    void closeBrowser() throws InterruptedException {
        List<String> errors = browser.errors();
        browser.close();
        // Pages answered 403 or 404 on purpose log a failed load of themselves; nothing else may fail.
        assertEquals(List.of(), errors.stream().filter(error -> !error.startsWith("network:")
                || error.contains("/ui/assets/")).toList(),
                "the browser refused nothing and no script failed (Content-Security-Policy, missing assets)");
    }

    private String page(String path) {
        return berth.url() + path;
    }

    private void logIn(String user, String password) throws Exception {
        browser.open(page("/"));
        assertTrue(browser.text().contains("Log in"), browser.text());
        browser.clickAndWait("header .who");
        browser.fill("input[name=username]", user);
        browser.fill("input[name=password]", password);
        browser.clickAndWait("form.login button[type=submit]");
        assertTrue(browser.textOf("header .identity").contains("user:" + user), browser.text());
    }

    @Test
    void anAdministrator_browsesToAnImage_seesItsLayersAndVerifiedSignature_andDeletesATag() throws Exception {
        logIn("admin", "admin-password");
        assertTrue(browser.url().endsWith("/ui/repositories"), browser.url());
        String list = browser.text();
        assertTrue(list.contains("team/app") && list.contains("team/signed") && list.contains("base/busybox"), list);
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("1-repositories.png")));

        browser.fill("input[name=q]", "sign");
        browser.clickAndWait("form.search button");
        assertTrue(browser.text().contains("team/signed") && !browser.text().contains("team/app"), browser.text());

        browser.clickAndWait("a[href='/ui/repositories/team/signed']");
        String tags = browser.text();
        assertTrue(tags.contains("verified") && tags.contains("linux/amd64"), tags);
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("2-tags.png")));

        browser.clickAndWait("a.tag");
        String image = browser.text();
        String gpg = browser.textOf("tr[data-format='simple signing']");
        assertTrue(gpg.contains("verified") && gpg.contains(fingerprint), "skopeo's signature, by the gpg key: " + gpg);
        String bundle = browser.textOf("tr[data-format='sigstore bundle']");
        assertTrue(bundle != null && bundle.contains("verified") && !bundle.contains("not verified"),
                "berth sign's Sigstore bundle: " + image);
        String layers = browser.textOf("table.layers");
        assertTrue(layers.contains("echo built by buildah > /built") && layers.contains("GREETING=hello")
                && layers.contains("echo second layer > /second") && layers.contains("COPY"),
                "buildah's history beside the layers it made: " + layers);
        assertTrue(image.contains(HOSTILE_LABEL) && image.contains(HOSTILE_ANNOTATION),
                "the hostile label and annotation show as text: " + image);
        assertTrue(image.contains("docker pull " + berth.address() + "/team/signed:1"), image);
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("3-image.png")));
        Screenshots.requireColour(SCREENSHOTS.resolve("3-image.png"), browser.leftEdgeOf(".signatures .badge.verified"),
                0xe3f4e8, "the verified badge is green");

        browser.open(page("/ui/repositories/team/app"));
        browser.clickAndWait("tr[data-tag='2'] a.danger");
        assertTrue(browser.text().contains("Delete the tag 2 of team/app?"), browser.text());
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("4-confirm-delete.png")));
        browser.clickAndWait("form.confirm button.danger");
        assertTrue(browser.text().contains("Deleted tag 2 of team/app."), browser.text());
        assertFalse(browser.exists("tr[data-tag='2']"), "tag 2 is gone from the page");
        assertEquals(404, Http.get(berth.url().resolve("/v2/team/app/manifests/2"), "admin", "admin-password"),
                "and from the registry");
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("5-deleted.png")));
    }

    @Test
    void aReader_isOfferedNoDelete_isRefusedOne_andCannotSeeWhatTheyMayNotPull() throws Exception {
        logIn("reader", "reader-password");
        String list = browser.text();
        assertTrue(list.contains("team/app") && !list.contains("base/busybox"), list);
        browser.open(page("/ui/repositories/team/app"));
        assertFalse(browser.exists("a.danger"), "no delete offered");
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("6-reader-tags.png")));
        browser.open(page("/ui/repositories/team/app/-/tags/1/delete"));
        assertTrue(browser.text().contains("You may not delete anything in team/app."), browser.text());
        browser.open(page("/ui/repositories/base/busybox"));
        String hidden = browser.text();
        browser.open(page("/ui/repositories/base/nothing"));
        assertEquals(browser.text().replace("base/nothing", "base/busybox"), hidden,
                "a repository the reader may not pull reads as one that does not exist");
        assertEquals(200, Http.get(berth.url().resolve("/v2/team/app/manifests/1"), "admin", "admin-password"),
                "tag 1 is still there");
    }

    @Test
    void storageAndLifecyclePages_showWhatIsStoredAndWhatAPolicyWouldExpire() throws Exception {
        logIn("admin", "admin-password");
        browser.clickAndWait("header nav a[href='/ui/storage']");
        browser.clickAndWait("form.inline button");
        String storage = browser.text();
        assertTrue(storage.contains("Size by repository") && storage.contains("team/app"), storage);
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("7-storage.png")));

        browser.clickAndWait("header nav a[href='/ui/lifecycle']");
        browser.fill("input[name=repositories]", "team/**");
        browser.fill("textarea[name=policy]", JSON.writeValueAsString(Map.of("rules", List.of(Map.of(
                "rulePriority", 1, "description", "keep one", "selection", Map.of("tagStatus", "any",
                        "countType", "imageCountMoreThan", "countNumber", 1), "action", Map.of("type", "expire"))))));
        browser.clickAndWait("form.policy button");
        assertTrue(browser.text().contains("Nothing would expire in 2 repositories"), browser.text());
        Screenshots.check(browser.screenshot(SCREENSHOTS.resolve("8-lifecycle.png")));
    }

    /** The registry's API, for checking what the pages did. */
    private static final class Http {
        static int get(java.net.URI url, String user, String password) throws Exception {
            List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "-u", user + ":" + password, "-H", "Accept: application/vnd.oci.image.manifest.v1+json",
                    url.toString()));
            return Integer.parseInt(Tool.run(command).strip());
        }
    }
}
