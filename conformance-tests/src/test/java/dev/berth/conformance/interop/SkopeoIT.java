package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (Debian's) against a running {@code berth serve}: copy in and out, inspect, list tags, delete. */
class SkopeoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;

    @BeforeAll
    static void startBerth() throws Exception {
        berth = BerthProcess.start(work.resolve("data"));
        busybox = BusyboxLayout.write(work.resolve("busybox"));
    }

    @AfterAll
    static void stopBerth() throws InterruptedException {
        berth.close();
    }

    @Test
    void copy_ofAnOciLayoutInAndBackOut_keepsEveryDigest() throws IOException {
        push("skopeo/roundtrip:1");
        Path out = work.resolve("out");
        Tool.run("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false",
                "docker://" + berth.address() + "/skopeo/roundtrip:1", "oci:" + out + ":latest");
        JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
        assertEquals(busybox.manifestDigest().toString(), index.get("manifests").get(0).get("digest").asText());
        assertEquals(blobNames(busybox.directory()), blobNames(out));
    }

    @Test
    void inspect_showsTheManifestDigest() throws IOException {
        push("skopeo/inspect:1");
        JsonNode inspected = JSON.readTree(Tool.run("skopeo", "inspect", "--tls-verify=false",
                "docker://" + berth.address() + "/skopeo/inspect:1"));
        assertEquals(busybox.manifestDigest().toString(), inspected.get("Digest").asText());
        assertEquals("linux", inspected.get("Os").asText());
    }

    @Test
    void listTags_showsEveryTagPushed() throws IOException {
        push("skopeo/tags:b");
        push("skopeo/tags:a");
        JsonNode listed = JSON.readTree(Tool.run("skopeo", "list-tags", "--tls-verify=false",
                "docker://" + berth.address() + "/skopeo/tags"));
        assertEquals(List.of("a", "b"), JSON.convertValue(listed.get("Tags"), List.class));
    }

    @Test
    void delete_makesTheImageUnpullable() {
        push("skopeo/delete:1");
        Tool.run("skopeo", "delete", "--tls-verify=false", "docker://" + berth.address() + "/skopeo/delete:1");
        assertThrows(AssertionError.class, () -> Tool.run("skopeo", "inspect", "--tls-verify=false",
                "docker://" + berth.address() + "/skopeo/delete:1"));
    }

    private static void push(String repositoryAndTag) {
        busybox.pushTo(berth, repositoryAndTag);
    }

    private static List<String> blobNames(Path layout) throws IOException {
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            return blobs.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
