package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerd's {@code ctr} (Debian's) against a running {@code berth serve}: a containerd of its own is started with
 * a config under a temp directory, so the test touches nothing else on the machine.
 */
class ContainerdIT {

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static Containerd containerd;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("data"));
        BusyboxLayout.write(work.resolve("busybox")).pushTo(berth, "ctr/busybox:1");
        containerd = Containerd.start(work.resolve("containerd"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (containerd != null) {
            containerd.stop();
        }
        berth.close();
    }

    @Test
    void pull_withPlainHttp_fetchesTheImage() {
        ctr("images", "pull", "--plain-http", berth.address() + "/ctr/busybox:1");
        assertTrue(ctr("images", "ls", "-q").contains(berth.address() + "/ctr/busybox:1"));
    }

    @Test
    void push_ofAPulledImage_landsInBerth() {
        ctr("images", "pull", "--plain-http", berth.address() + "/ctr/busybox:1");
        ctr("images", "tag", "--force", berth.address() + "/ctr/busybox:1", berth.address() + "/ctr/pushed:2");
        ctr("images", "push", "--plain-http", berth.address() + "/ctr/pushed:2");
        assertTrue(Tool.run("skopeo", "list-tags", "--tls-verify=false", "docker://" + berth.address() + "/ctr/pushed")
                .contains("\"2\""));
    }

    @Test
    void withALoginRequired_ctrUser_pullsAndPushes_andWithoutItIsRefused() throws Exception {
        Path users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "alice", "wonderland");
        try (BerthProcess locked = BerthProcess.start(work.resolve("locked-data"), "--htpasswd", users.toString())) {
            Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland",
                    "oci:" + work.resolve("busybox") + ":latest", "docker://" + locked.address() + "/ctr/private:1");
            String image = locked.address() + "/ctr/private:1";

            assertThrows(AssertionError.class, () -> ctr("images", "pull", "--plain-http", image));
            ctr("images", "pull", "--plain-http", "--user", "alice:wonderland", image);
            ctr("images", "tag", "--force", image, locked.address() + "/ctr/private:2");
            ctr("images", "push", "--plain-http", "--user", "alice:wonderland", locked.address() + "/ctr/private:2");
            assertTrue(Tool.run("skopeo", "list-tags", "--tls-verify=false", "--creds", "alice:wonderland",
                    "docker://" + locked.address() + "/ctr/private").contains("\"2\""));
        }
    }

    private static String ctr(String... arguments) {
        return containerd.ctr(arguments);
    }

    /** A containerd of the test's own, with its state, socket and log under one directory. */
    record Containerd(Process process, Path socket) {

        String ctr(String... arguments) {
            List<String> command = new java.util.ArrayList<>(List.of("ctr", "--address", socket.toString()));
            command.addAll(List.of(arguments));
            return Tool.run(command);
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }

        static Containerd start(Path root) throws IOException, InterruptedException {
            return new Containerd(startContainerd(root), root.resolve("containerd.sock"));
        }
    }

    private static Process startContainerd(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Path socket = root.resolve("containerd.sock");
        Path config = root.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%s/root"
                state = "%s/state"
                [grpc]
                  address = "%s"
                [plugins."io.containerd.grpc.v1.cri"]
                  disable = true
                """.formatted(root, root, socket));
        Process process = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("containerd.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.exists(socket)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new AssertionError("containerd did not start (it needs root):\n"
                        + Files.readString(root.resolve("containerd.log")));
            }
            Thread.sleep(100);
        }
        return process;
    }
}
