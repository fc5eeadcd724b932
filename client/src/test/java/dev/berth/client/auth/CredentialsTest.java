package dev.berth.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins as Docker and Podman users have them: {@code auths} entries, credential helpers speaking Docker's protocol
 * (a shell script, {@code docker-credential-fake}, stands in for {@code docker-credential-ecr-login} and friends), the
 * order of Podman's auth files and Docker's config, and writing logins back.
 */
class CredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGISTRY = "registry.example.test:5000";

    @TempDir
    Path work;
    private Path helpers;

    @BeforeEach
    void installTheFakeHelper() throws Exception {
        helpers = Files.createDirectories(work.resolve("bin"));
        Path helper = helpers.resolve("docker-credential-fake");
        try (var in = CredentialsTest.class.getResourceAsStream("/auth/docker-credential-fake")) {
            Files.copy(in, helper);
        }
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void credHelpers_askTheNamedHelper_andCredsStoreServesTheOtherRegistries() throws Exception {
        Path config = write("docker/config.json", "{\"credHelpers\":{\"" + REGISTRY + "\":\"fake\"},"
                + "\"auths\":{\"other.example.test\":{\"auth\":\"" + base64("plain:file") + "\"}}}");
        AuthFile.read(config, locator()).store(REGISTRY, new Login("robot", "from-the-helper"));
        Credentials credentials = Credentials.of(List.of(config), locator());
        assertEquals(Optional.of(new Login("robot", "from-the-helper")), credentials.forRegistry(REGISTRY));
        assertEquals(Optional.of(new Login("plain", "file")), credentials.forRegistry("other.example.test"));
        assertEquals(List.of("store " + REGISTRY, "get " + REGISTRY), calls());
        assertFalse(Files.readString(config).contains("from-the-helper"), "the secret stays in the helper");

        Path store = write("store/config.json", "{\"credsStore\":\"fake\"}");
        assertEquals(Optional.of(new Login("robot", "from-the-helper")),
                Credentials.of(List.of(store), locator()).forRegistry(REGISTRY));
    }

    @Test
    void helperWithoutCredentials_meansNoLogin_andAMissingHelperIsAnErrorNamingIt() throws Exception {
        Path config = write("config.json", "{\"credsStore\":\"fake\"}");
        assertEquals(Optional.empty(), Credentials.of(List.of(config), locator()).forRegistry(REGISTRY));
        Path missing = write("missing.json", "{\"credHelpers\":{\"" + REGISTRY + "\":\"ecr-login\"}}");
        var e = assertThrows(java.io.IOException.class,
                () -> Credentials.of(List.of(missing), locator()).forRegistry(REGISTRY));
        assertTrue(e.getMessage().contains("docker-credential-ecr-login is not on PATH"), e.getMessage());
    }

    @Test
    void podmanAuthFiles_comeBeforeDockersConfig_andRegistryAuthFileFirst() throws Exception {
        write("home/.docker/config.json", auths(REGISTRY, "docker", "d"));
        write("home/.config/containers/auth.json", auths(REGISTRY, "podman", "p"));
        write("run/containers/auth.json", auths(REGISTRY, "runtime", "r"));
        Path explicit = write("explicit.json", auths(REGISTRY, "explicit", "e"));
        Map<String, String> environment = Map.of("HOME", work.resolve("home").toString());
        assertEquals("podman", Credentials.load(environment).forRegistry(REGISTRY).orElseThrow().username());
        environment = Map.of("HOME", work.resolve("home").toString(), "XDG_RUNTIME_DIR", work.resolve("run")
                .toString());
        assertEquals("runtime", Credentials.load(environment).forRegistry(REGISTRY).orElseThrow().username());
        environment = Map.of("HOME", work.resolve("home").toString(), "REGISTRY_AUTH_FILE", explicit.toString());
        assertEquals("explicit", Credentials.load(environment).forRegistry(REGISTRY).orElseThrow().username());
        assertEquals(explicit, Credentials.loginFile(environment));
        assertEquals(work.resolve("home/.docker/config.json"),
                Credentials.loginFile(Map.of("HOME", work.resolve("home").toString())));
    }

    @Test
    void dockerHub_isFoundUnderItsOldIndexUrl() throws Exception {
        Path config = write("config.json", auths("https://index.docker.io/v1/", "me", "secret"));
        assertEquals("me", Credentials.of(List.of(config), locator()).forRegistry("docker.io").orElseThrow()
                .username());
    }

    @Test
    void storingALogin_keepsTheRestOfTheFile_andLeavesItToItsOwner() throws Exception {
        Path config = write("config.json", "{\"auths\":{\"https://" + REGISTRY + "\":{\"auth\":\"" + base64("old:x")
                + "\"}},\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy.example.test\"}}}");
        AuthFile.read(config, locator()).store(REGISTRY, new Login("new", "pass:word"));
        var written = JSON.readTree(config.toFile());
        assertEquals(base64("new:pass:word"), written.at("/auths/" + REGISTRY.replace("/", "~1") + "/auth").asText());
        assertFalse(written.get("auths").has("https://" + REGISTRY), "the old entry is replaced");
        assertEquals("http://proxy.example.test", written.at("/proxies/default/httpProxy").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals(Optional.of(new Login("new", "pass:word")),
                Credentials.of(List.of(config), locator()).forRegistry(REGISTRY));

        assertTrue(AuthFile.read(config, locator()).erase(REGISTRY));
        assertEquals(Optional.empty(), Credentials.of(List.of(config), locator()).forRegistry(REGISTRY));
        assertFalse(AuthFile.read(config, locator()).erase(REGISTRY), "nothing left to erase");
    }

    @Test
    void corruptFile_isAnErrorNamingIt() throws Exception {
        Path config = write("config.json", "{\"auths\": ");
        var e = assertThrows(java.io.IOException.class, () -> Credentials.of(List.of(config), locator()));
        assertTrue(e.getMessage().contains(config + " is not valid JSON"), e.getMessage());
    }

    private HelperLocator locator() {
        return HelperLocator.onPath(helpers.toString());
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(helpers.resolve("store/calls"));
    }

    private Path write(String relative, String content) throws Exception {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static String auths(String key, String user, String password) {
        return "{\"auths\":{\"" + key + "\":{\"auth\":\"" + base64(user + ":" + password) + "\"}}}";
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
