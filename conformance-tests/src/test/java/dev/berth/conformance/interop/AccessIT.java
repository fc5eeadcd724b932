package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve --htpasswd} with users made by Apache's {@code htpasswd -B}, used by real clients with and
 * without the right credentials.
 */
class AccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/hello");

    @TempDir
    static Path work;
    private static Path users;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;

    @BeforeAll
    static void start() throws Exception {
        users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "alice", "wonderland");
        berth = BerthProcess.start(work.resolve("data"), "--htpasswd", users.toString());
        busybox = BusyboxLayout.write(work.resolve("busybox"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        BerthCommand.stopBuildDaemons(work);
        berth.close();
    }

    @Test
    void skopeo_withTheRightCredentials_pushesAndInspects_andWithoutOrWithWrongOnesIsRefused() throws Exception {
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland",
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/private/busybox:1");
        String image = "docker://" + berth.address() + "/private/busybox:1";

        String inspected = Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wonderland", image);
        assertEquals(busybox.manifestDigest().toString(), JSON.readTree(inspected).get("Digest").asText());

        AssertionError anonymous = assertThrows(AssertionError.class,
                () -> Tool.run("skopeo", "inspect", "--tls-verify=false", "--no-creds", image));
        assertTrue(anonymous.getMessage().contains("authentication required")
                || anonymous.getMessage().contains("unauthorized"), anonymous.getMessage());
        AssertionError wrong = assertThrows(AssertionError.class,
                () -> Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:looking-glass", image));
        assertTrue(wrong.getMessage().contains("unauthorized") || wrong.getMessage().contains("password"),
                wrong.getMessage());
        AssertionError push = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "copy",
                "--dest-tls-verify=false", "--dest-no-creds", "oci:" + busybox.directory() + ":latest",
                "docker://" + berth.address() + "/private/busybox:2"));
        assertTrue(push.getMessage().contains("requested access to the resource is denied")
                || push.getMessage().contains("authentication required"), push.getMessage());
        assertTrue(berth.log().contains("status=401"), "refusals are in the access log with their status");
    }

    @Test
    void skopeoLogin_keepsTheLoginInItsAuthFile_forLaterCommands_andRefusesAWrongPassword() throws Exception {
        Path authFile = work.resolve("skopeo-auth.json");
        String image = "docker://" + berth.address() + "/private/login:1";
        AssertionError wrong = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "login",
                "--tls-verify=false", "--authfile", authFile.toString(), "-u", "alice", "-p", "looking-glass",
                berth.address()));
        assertTrue(wrong.getMessage().contains("unauthorized") || wrong.getMessage().contains("invalid username"),
                wrong.getMessage());
        assertTrue(Tool.run("skopeo", "login", "--tls-verify=false", "--authfile", authFile.toString(), "-u",
                "alice", "-p", "wonderland", berth.address()).contains("Login Succeeded"));
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--authfile", authFile.toString(),
                "oci:" + busybox.directory() + ":latest", image);
        Tool.run("skopeo", "inspect", "--tls-verify=false", "--authfile", authFile.toString(), image);
        Tool.run("skopeo", "logout", "--authfile", authFile.toString(), berth.address());
        AssertionError loggedOut = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "inspect",
                "--tls-verify=false", "--authfile", authFile.toString(), image));
        assertTrue(loggedOut.getMessage().contains("authentication required")
                || loggedOut.getMessage().contains("unauthorized"), loggedOut.getMessage());
    }

    @Test
    void docker_logsIn_pushesAndPulls_andAfterLoggingOutIsRefused() throws Exception {
        String image = berth.address() + "/private/docker:1";
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland",
                "oci:" + busybox.directory() + ":latest", "docker://" + image);
        try (DockerEngine docker = DockerEngine.start(work.resolve("docker"), berth.address())) {
            AssertionError wrong = assertThrows(AssertionError.class, () -> docker.docker("login", "-u", "alice",
                    "-p", "looking-glass", berth.address()));
            assertTrue(wrong.getMessage().toLowerCase(Locale.ROOT).contains("unauthorized"), wrong.getMessage());

            assertTrue(docker.dockerMerged("login", "-u", "alice", "-p", "wonderland", berth.address())
                    .contains("Login Succeeded"));
            String config = Files.readString(work.resolve("docker/client/config.json"));
            assertTrue(config.contains("identitytoken"), "docker keeps the refresh token, not the password: " + config);
            docker.docker("pull", image);
            docker.docker("tag", image, berth.address() + "/private/docker:2");
            docker.docker("push", berth.address() + "/private/docker:2");
            assertTrue(berth.log().contains("method=POST path=/token status=200"),
                    "docker fetches tokens with its refresh token (the OAuth2 form)");

            docker.docker("logout", berth.address());
            docker.docker("rmi", image, berth.address() + "/private/docker:2");
            AssertionError anonymous = assertThrows(AssertionError.class, () -> docker.docker("pull", image));
            assertTrue(anonymous.getMessage().contains("pull access denied"), anonymous.getMessage());
        }
    }

    @Test
    void berth_logsIn_andBuildsAndPushesWithTheLogin() {
        Map<String, String> user = Map.of("HOME", work.resolve("home").toString(),
                "DOCKER_CONFIG", work.resolve("docker-config").toString(), "PATH", System.getenv("PATH"));
        Tool.Result wrong = BerthCommand.exec(user, "looking-glass\n", "login", "-u", "alice", "--password-stdin",
                berth.address());
        assertEquals(1, wrong.exit(), wrong.output());
        Tool.Result login = BerthCommand.exec(user, "wonderland\n", "login", "-u", "alice", "--password-stdin",
                berth.address());
        assertEquals(0, login.exit(), login.output());

        String image = berth.address() + "/team/hello:1";
        Tool.Result build = BerthCommand.exec(user, "", "build", "--data", work.resolve("builder").toString(),
                "--progress", "quiet", "-t", image, "--push", EXAMPLE.toString());
        assertEquals(0, build.exit(), build.output());
        String inspected = Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wonderland",
                "docker://" + image);
        assertTrue(inspected.contains("hello from Berth"), inspected);
    }

    @Test
    void aUserAddedWithHtpasswd_logsInWithoutARestart() throws InterruptedException {
        Tool.run("htpasswd", "-B", "-b", users.toString(), "bob", "builder");
        Thread.sleep(600);   // the registry looks at the file at most every 500 ms
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "bob:builder",
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/bob/busybox:1");
    }

    @Test
    void anHtpasswdFileWithAnMd5Hash_orNone_isOneLineSayingWhatToDo_andExitStatus2() throws Exception {
        Path md5 = work.resolve("md5.htpasswd");
        Tool.run("htpasswd", "-m", "-b", "-c", md5.toString(), "carol", "md5-password");
        BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("md5.log"), "--listen", "127.0.0.1:0",
                "--data", work.resolve("md5-data").toString(), "--htpasswd", md5.toString());
        assertEquals(2, exit.code(), exit.output());
        assertEquals(1, exit.output().strip().lines().count(), exit.output());
        assertTrue(exit.output().contains(md5 + ":1: the password of carol is an MD5 hash"), exit.output());

        Path absent = work.resolve("absent.htpasswd");
        BerthProcess.Exit missing = BerthProcess.refusing(work.resolve("absent.log"), "--listen", "127.0.0.1:0",
                "--data", work.resolve("absent-data").toString(), "--htpasswd", absent.toString());
        assertEquals(2, missing.code(), missing.output());
        assertEquals(1, missing.output().strip().lines().count(), missing.output());
        assertTrue(missing.output().contains("htpasswd -B -c " + absent), missing.output());
    }
}
