package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart, as a new user runs it on a machine without internet: build the example, push, pull. */
class QuickstartIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/hello");

    @TempDir
    Path work;

    @AfterEach
    void stopBuildDaemons() {
        BerthCommand.stopBuildDaemons(work);
    }

    @Test
    void theExample_isBuiltWithoutPullingAnything_pushed_andPulledBackWithSkopeo() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("registry"))) {
            String image = berth.address() + "/examples/hello:1.0";
            BerthCommand.run("build", "--data", work.resolve("builder").toString(), "--progress", "quiet",
                    "-t", image, "--push", EXAMPLE.toString());
            Path layout = work.resolve("hello-layout");
            Tool.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + image, "oci:" + layout + ":1.0");
            String inspected = Tool.run("skopeo", "inspect", "--tls-verify=false", "docker://" + image);
            assertTrue(inspected.contains("hello from Berth"), inspected);
            Path unpacked = Files.createDirectory(work.resolve("unpacked"));
            for (Path layer : layerBlobs(layout)) {
                Tool.run("tar", "-xzf", layer.toString(), "-C", unpacked.toString());
            }
            assertEquals(Files.readString(EXAMPLE.resolve("hello.txt")),
                    Files.readString(unpacked.resolve("hello.txt")));
            assertEquals("berth-example\n", Files.readString(unpacked.resolve("etc/hostname")));
        }
    }

    /** The layer blobs of the layout's one image, found through its manifest. */
    private static List<Path> layerBlobs(Path layout) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(Tool.run("skopeo", "inspect", "--raw",
                "oci:" + layout + ":1.0"));
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            layers.add(layout.resolve("blobs/sha256/" + layer.get("digest").asText().substring("sha256:".length())));
        }
        return layers;
    }
}
