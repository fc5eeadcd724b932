package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** buildah and podman (Debian's) against a running {@code berth serve}, each with storage under a temp directory. */
class BuildahIT {

    @TempDir
    static Path work;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("data"));
        BusyboxLayout.write(work.resolve("busybox")).pushTo(berth, "buildah/busybox:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    @Test
    void buildah_pullThenPush_roundTripsThroughBerth() {
        buildah("pull", "--tls-verify=false", berth.address() + "/buildah/busybox:1");
        buildah("push", "--tls-verify=false", berth.address() + "/buildah/busybox:1",
                "docker://" + berth.address() + "/buildah/pushed:1");
        assertTrue(Tool.run("skopeo", "list-tags", "--tls-verify=false",
                "docker://" + berth.address() + "/buildah/pushed").contains("\"1\""));
    }

    @Test
    void podman_pull_fetchesTheImage() {
        podman("pull", "--tls-verify=false", berth.address() + "/buildah/busybox:1");
        assertTrue(podman("images", "--format", "{{.Repository}}:{{.Tag}}")
                .contains(berth.address() + "/buildah/busybox:1"));
    }

    private static String buildah(String... arguments) {
        return ContainerTools.buildah(work.resolve("buildah"), arguments);
    }

    private static String podman(String... arguments) {
        return ContainerTools.podman(work.resolve("podman"), arguments);
    }
}
