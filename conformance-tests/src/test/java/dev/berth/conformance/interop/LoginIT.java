package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth login} and {@code logout} against a registry that needs a login (CNCF Distribution with htpasswd), and
 * {@code berth build} pulling its base from there with the login stored: in Docker's config, and in a credential
 * helper speaking Docker's protocol.
 */
class LoginIT {

    /** The client module's helper script (tests run in their module's directory). */
    private static final Path FAKE_HELPER = Path.of("").toAbsolutePath()
            .resolveSibling("client/src/test/resources/auth/docker-credential-fake");

    @TempDir
    static Path work;
    private static DistributionProcess registry;

    @BeforeAll
    static void start() throws Exception {
        registry = DistributionProcess.startWithLogin(work.resolve("distribution"), "alice", "wonderland");
        BusyboxLayout layout = BusyboxLayout.write(work.resolve("busybox"));
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland",
                "oci:" + layout.directory() + ":latest", "docker://" + registry.address() + "/private/busybox:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        BerthCommand.stopBuildDaemons(work);
        registry.close();
    }

    @Test
    void login_checksThePassword_storesItInDockersConfig_andBuildsUseIt() throws Exception {
        Map<String, String> user = userEnvironment("docker-config", null);
        Tool.Result wrong = BerthCommand.exec(user, "not-the-password\n", "login", "-u", "alice",
                "--password-stdin", registry.address());
        assertEquals(1, wrong.exit(), wrong.output());
        assertTrue(wrong.output().contains("berth login: logging in to " + registry.address() + " as alice failed"),
                wrong.output());

        Tool.Result login = BerthCommand.exec(user, "wonderland\n", "login", "-u", "alice", "--password-stdin",
                "http://" + registry.address() + "/v2/");
        assertEquals(0, login.exit(), login.output());
        assertTrue(login.output().contains("Login Succeeded"), login.output());
        Path config = Path.of(user.get("DOCKER_CONFIG"), "config.json");
        assertTrue(Files.readString(config).contains("\"" + registry.address() + "\""), Files.readString(config));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));

        assertBuildPullsTheBase(user, "with-config");

        Tool.Result logout = BerthCommand.exec(user, "", "logout", registry.address());
        assertEquals("Removing login credentials for " + registry.address(), logout.output().strip());
        assertFalse(Files.readString(config).contains(registry.address()));
    }

    @Test
    void login_withACredentialsStore_keepsThePasswordInTheHelper() throws Exception {
        Path helpers = Files.createDirectories(work.resolve("helpers"));
        Path helper = helpers.resolve("docker-credential-fake");
        Files.copy(FAKE_HELPER, helper);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> user = userEnvironment("helper-config", helpers);
        Files.createDirectories(Path.of(user.get("DOCKER_CONFIG")));
        Files.writeString(Path.of(user.get("DOCKER_CONFIG"), "config.json"), "{\"credsStore\": \"fake\"}");

        Tool.Result login = BerthCommand.exec(user, "wonderland\n", "login", "-u", "alice", "--password-stdin",
                registry.address());
        assertEquals(0, login.exit(), login.output());
        assertFalse(Files.readString(Path.of(user.get("DOCKER_CONFIG"), "config.json")).contains("auths"));

        assertBuildPullsTheBase(user, "with-helper");
        assertEquals(List.of("store " + registry.address(), "get " + registry.address()),
                Files.readAllLines(helpers.resolve("store/calls")));
        BerthCommand.exec(user, "", "logout", registry.address());
        assertEquals("erase " + registry.address(), Files.readAllLines(helpers.resolve("store/calls")).getLast());
    }

    private void assertBuildPullsTheBase(Map<String, String> user, String name) throws Exception {
        Path context = Files.createDirectories(work.resolve("context-" + name));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + registry.address() + "/private/busybox:1\n"
                + "CMD [\"true\"]\n");
        Tool.Result build = BerthCommand.exec(user, "", "build", "--data", work.resolve("data-" + name).toString(),
                "--progress", "plain", context.toString());
        assertEquals(0, build.exit(), build.output());
        assertTrue(build.output().contains("pulling " + registry.address() + "/private/busybox:1"), build.output());
    }

    /** A user of their own: HOME and DOCKER_CONFIG in the test's directory, helpers first on the PATH. */
    private static Map<String, String> userEnvironment(String name, Path helpers) {
        String path = System.getenv("PATH");
        return Map.of("HOME", work.resolve("home-" + name).toString(),
                "DOCKER_CONFIG", work.resolve(name).toString(),
                "PATH", helpers == null ? path : helpers + ":" + path);
    }
}
