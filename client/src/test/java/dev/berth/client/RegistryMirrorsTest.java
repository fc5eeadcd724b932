package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.reference.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors as registries.conf, Docker's daemon.json and --registry-mirror give them, and the order they are tried. */
class RegistryMirrorsTest {

    @TempDir
    Path dir;

    @Test
    void registriesConfMirrors_withANamespace_comeFirst_thenTheImagesOwnRegistry() throws Exception {
        Path conf = Files.writeString(dir.resolve("registries.conf"), """
                unqualified-search-registries = ["docker.io"]

                [[registry]]
                location = "docker.io"

                [[registry.mirror]]
                location = "berth.example:5000/dockerhub"

                [[registry.mirror]]
                location = "mirror.gcr.io"

                [[registry]]
                location = "quay.io"
                """);
        RegistryMirrors mirrors = RegistryMirrors.load(Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString(),
                "BERTH_DOCKER_DAEMON_JSON", dir.resolve("none.json").toString()));
        assertEquals(List.of("berth.example:5000/dockerhub/library/alpine:3.20",
                        "mirror.gcr.io/library/alpine:3.20", "docker.io/library/alpine:3.20"),
                mirrors.sources(Reference.parse("alpine:3.20")).stream().map(Reference::toString).toList());
        assertEquals(List.of("quay.io/org/tool:1"), mirrors.sources(Reference.parse("quay.io/org/tool:1")).stream()
                .map(Reference::toString).toList());
    }

    @Test
    void dockersRegistryMirrors_andTheCommandLines_areForTheirSourcesOnly() throws Exception {
        Path daemon = Files.writeString(dir.resolve("daemon.json"),
                "{\"registry-mirrors\": [\"https://mirror.example/\"]}");
        RegistryMirrors mirrors = RegistryMirrors.load(Map.of("CONTAINERS_REGISTRIES_CONF",
                dir.resolve("none.conf").toString(), "BERTH_DOCKER_DAEMON_JSON", daemon.toString(),
                RegistryMirrors.VARIABLE, "ghcr.io/org=127.0.0.1:5000/ghcr-org"));
        assertEquals("mirror.example/library/busybox@sha256:" + "a".repeat(64), mirrors.sources(Reference.parse(
                "busybox@sha256:" + "a".repeat(64))).getFirst().toString());
        assertEquals(List.of("127.0.0.1:5000/ghcr-org/tool:1", "ghcr.io/org/tool:1"), mirrors.sources(
                Reference.parse("ghcr.io/org/tool:1")).stream().map(Reference::toString).toList());
        assertEquals(1, mirrors.sources(Reference.parse("ghcr.io/organisation/tool:1")).size(),
                "a source is a path prefix, not any string prefix");
    }

    @Test
    void aMalformedMirror_isNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryMirrors.parse("docker.io"));
        assertTrue(e.getMessage().contains("SOURCE=MIRROR"), e.getMessage());
    }
}
