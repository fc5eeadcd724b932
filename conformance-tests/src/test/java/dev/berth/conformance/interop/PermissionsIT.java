package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and a robot made with {@code berth user} and {@code berth robot}, permissions from an access rules file,
 * used by docker, podman, buildah, skopeo and curl: each client can do what its account may, and is refused, with the
 * error it shows, where it may not.
 */
class PermissionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            groups:
              developers: [alice, "robot:ci"]
            admins: [carol]
            anonymous-pull: ["public/**"]
            rules:
              - repositories: ["team/**"]
                actions: [pull, push]
                to: ["group:developers"]
              - repositories: ["team/**"]
                actions: [pull]
                to: ["user:bob"]
            """;

    @TempDir
    static Path work;
    private static Path users;
    private static Path access;
    private static String robotSecret;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;

    @BeforeAll
    static void start() throws Exception {
        users = work.resolve("users.htpasswd");
        access = Files.writeString(work.resolve("access.yaml"), RULES);
        for (String user : List.of("alice", "bob", "carol")) {
            Tool.Output added = BerthCommand.exec((user + "-password\n").getBytes(StandardCharsets.UTF_8), "user",
                    "add", "--htpasswd", users.toString(), "--password-stdin", user);
            assertEquals(0, added.exit(), added.standardError());
        }
        Tool.Output robot = BerthCommand.exec(new byte[0], "robot", "add", "--htpasswd", users.toString(),
                "--expires", "1d", "ci");
        assertEquals(0, robot.exit(), robot.standardError());
        robotSecret = new String(robot.standardOutput(), StandardCharsets.UTF_8).strip();
        berth = BerthProcess.start(work.resolve("data"), "--htpasswd", users.toString(), "--access",
                access.toString());
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        copy("carol:carol-password", "public/busybox:1");
        copy("alice:alice-password", "team/app:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    private static void copy(String credentials, String target) {
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", credentials,
                "oci:" + busybox.directory() + ":latest", "docker://" + berth.address() + "/" + target);
    }

    private static String refusal(Runnable client) {
        return assertThrows(AssertionError.class, client::run).getMessage();
    }

    @Test
    void docker_logsInAsTheRobot_andPushesWhereItsGroupMay_butNotElsewhere() throws Exception {
        try (DockerEngine docker = DockerEngine.start(work.resolve("docker"), berth.address())) {
            assertTrue(docker.dockerMerged("login", "-u", "robot$ci", "-p", robotSecret, berth.address())
                    .contains("Login Succeeded"));
            docker.docker("pull", berth.address() + "/team/app:1");
            docker.docker("tag", berth.address() + "/team/app:1", berth.address() + "/team/robot:1");
            docker.docker("push", berth.address() + "/team/robot:1");
            docker.docker("tag", berth.address() + "/team/app:1", berth.address() + "/other/robot:1");
            String denied = refusal(() -> docker.docker("push", berth.address() + "/other/robot:1"));
            assertTrue(denied.contains("denied") || denied.contains("unauthorized"), denied);

            BerthCommand.run("robot", "rm", "--htpasswd", users.toString(), "ci");
            Thread.sleep(600);
            docker.docker("rmi", berth.address() + "/team/app:1");
            String removed = refusal(() -> docker.docker("pull", berth.address() + "/team/app:1"));
            assertTrue(removed.toLowerCase(Locale.ROOT).contains("unauthorized")
                    || removed.contains("denied"), removed);
        }
    }

    @Test
    void aReader_pullsButCannotPush_untilTheRulesFileGrantsIt_withoutARestart() throws Exception {
        String image = "docker://" + berth.address() + "/team/app:1";
        Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "bob:bob-password", image);
        String refused = refusal(() -> copy("bob:bob-password", "team/bob:1"));
        assertTrue(refused.contains("requested access to the resource is denied"), refused);

        Path edited = Files.writeString(work.resolve("access.yaml.new"), RULES.replace(
                "actions: [pull]\n    to: [\"user:bob\"]", "actions: [pull, push]\n    to: [\"user:bob\"]"));
        Files.move(edited, access, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(600);
        copy("bob:bob-password", "team/bob:1");
        Files.writeString(access, RULES);
    }

    @Test
    void anonymousCallers_pullPublicRepositories_andNothingElse() {
        Tool.run("skopeo", "inspect", "--tls-verify=false", "--no-creds",
                "docker://" + berth.address() + "/public/busybox:1");
        String refused = refusal(() -> Tool.run("skopeo", "inspect", "--tls-verify=false", "--no-creds",
                "docker://" + berth.address() + "/team/app:1"));
        assertTrue(refused.contains("authentication required") || refused.contains("unauthorized"), refused);
    }

    @Test
    void theCatalog_listsOnlyWhatTheCallerMayPull() throws Exception {
        copy("carol:carol-password", "secret/vault:1");
        String bob = Tool.run("curl", "-s", "-u", "bob:bob-password", berth.url() + "/v2/_catalog");
        List<String> seen = new ArrayList<>();
        JSON.readTree(bob).get("repositories").forEach(name -> seen.add(name.asText()));
        assertTrue(seen.contains("team/app") && seen.contains("public/busybox"), bob);
        assertTrue(seen.stream().noneMatch(name -> name.startsWith("secret/")), bob);
        String carol = Tool.run("curl", "-s", "-u", "carol:carol-password", berth.url() + "/v2/_catalog");
        assertTrue(carol.contains("secret/vault"), carol);
    }

    @Test
    void podmanAndBuildah_logIn_pushAndPull_andAreRefusedWithoutRights() {
        Path authFile = work.resolve("podman-auth.json");
        podman("login", "--tls-verify=false", "--authfile", authFile.toString(), "-u", "alice", "-p",
                "alice-password", berth.address());
        podman("pull", "--tls-verify=false", "--authfile", authFile.toString(), berth.address() + "/team/app:1");
        podman("tag", berth.address() + "/team/app:1", berth.address() + "/team/podman:1");
        podman("push", "--tls-verify=false", "--authfile", authFile.toString(), berth.address() + "/team/podman:1");
        podman("tag", berth.address() + "/team/app:1", berth.address() + "/other/podman:1");
        String refused = refusal(() -> podman("push", "--tls-verify=false", "--authfile", authFile.toString(),
                berth.address() + "/other/podman:1"));
        assertTrue(refused.contains("denied") || refused.contains("unauthorized"), refused);

        buildah("pull", "--tls-verify=false", "--creds", "bob:bob-password", berth.address() + "/team/app:1");
        String buildahRefused = refusal(() -> buildah("push", "--tls-verify=false", "--creds", "bob:bob-password",
                berth.address() + "/team/app:1", "docker://" + berth.address() + "/team/buildah:1"));
        assertTrue(buildahRefused.contains("denied") || buildahRefused.contains("unauthorized"), buildahRefused);
        buildah("push", "--tls-verify=false", "--creds", "alice:alice-password", berth.address() + "/team/app:1",
                "docker://" + berth.address() + "/team/buildah:1");
    }

    private static String buildah(String... arguments) {
        return ContainerTools.buildah(work.resolve("buildah"), arguments);
    }

    private static String podman(String... arguments) {
        return ContainerTools.podman(work.resolve("podman"), arguments);
    }
}
