package dev.berth.builder.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.store.LocalImages;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.reference.Reference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROM images made by other tools: configs written by Docker (see {@code base-images/SOURCES.md}), with fields the
 * model does not know, empty values and nulls, are read without error, and the built image carries forward what
 * BuildKit carries forward and nothing else.
 */
class BaseImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BuildFixture(work.resolve("data"));
        context = BuildFixture.context(work.resolve("ctx"), Map.of("a.txt", "A"));
    }

    @Test
    void fromADockerBuiltImage_keepsItsConfig_runsItsOnbuildTriggers_andDropsDockersOwnFields() throws Exception {
        importImage("docker-20.10-classic-builder.json", "fixture/docker:1");
        BuiltImage image = fixture.build(context, "FROM fixture/docker:1\nCOPY a.txt /\n");
        ImageConfig.ContainerConfig config = image.config().config();
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP=/srv/app"),
                config.env());
        assertEquals("root", config.user());
        assertEquals(List.of("8080/tcp"), List.copyOf(config.exposedPorts().keySet()));
        assertEquals(List.of("/data"), List.copyOf(config.volumes().keySet()));
        assertEquals("/srv/app", config.workingDir());
        assertEquals("SIGTERM", config.stopSignal());
        assertEquals(List.of("CMD", "true"), config.healthcheck().test());
        assertEquals(3_000_000_000L, config.healthcheck().timeout());
        assertEquals(List.of("/bin/sh", "-c"), config.entrypoint());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), config.cmd());
        assertEquals(Map.of("org.opencontainers.image.title", "fixture", "triggered", "yes"), config.labels(),
                "the base's ONBUILD LABEL ran");
        assertNull(config.onBuild(), "triggers run once, in the first image built on the base");
        JsonNode written = writtenConfig(image);
        for (String dockerOnly : List.of("container_config", "container", "docker_version")) {
            assertFalse(written.has(dockerOnly), dockerOnly + " is Docker's, not carried forward: " + written);
        }
        for (String dockerOnly : List.of("Hostname", "Domainname", "AttachStdin", "Tty", "Image")) {
            assertFalse(written.get("config").has(dockerOnly), dockerOnly + " is not carried forward: " + written);
        }
        assertEquals(List.of("base file 644 0:0 base"), fixture.entries(image.layers().get(0)));
        assertEquals(2, image.layers().size());
    }

    @Test
    void fromADockerImport_withNullsAndEmptyStrings_buildsWithTheDefaultPath() throws Exception {
        importImage("docker-20.10-import.json", "fixture/imported:1");
        BuiltImage image = fixture.build(context, "FROM fixture/imported:1\nCMD [\"sh\"]\n");
        ImageConfig.ContainerConfig config = image.config().config();
        assertEquals(List.of("PATH=" + StageState.DEFAULT_PATH), config.env());
        assertNull(config.user());
        assertNull(config.workingDir());
        assertNull(config.labels());
        assertTrue(config.argsEscaped(), "BuildKit marks CMD as escaped");
    }

    @Test
    void fromAConfigWithEveryDockerField_carriesWhatBuildKitCarries() throws Exception {
        importImage("docker-v1.2-every-field.json", "fixture/every-docker:1");
        BuiltImage image = fixture.build(context, "FROM fixture/every-docker:1\nENV MORE=1\n");
        ImageConfig.ContainerConfig config = image.config().config();
        assertEquals("alice", config.user());
        assertEquals(List.of("/bin/my-app-binary"), config.entrypoint());
        assertEquals(List.of("--foreground", "--config", "/etc/my-app.d/default.cfg"), config.cmd());
        assertEquals(new ImageConfig.HealthConfig(List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"),
                30_000_000_000L, 10_000_000_000L, 5_000_000_000L, 1_000_000_000L, 3), config.healthcheck());
        assertEquals(List.of("/bin/sh", "-c"), config.shell());
        assertEquals("SIGQUIT", config.stopSignal());
        assertTrue(config.argsEscaped());
        assertNull(config.onBuild());
        assertEquals("Alyssa P. Hacker <alyspdev@example.com>", image.config().author());
        ImageConfig.History added = image.config().history().get(2);
        assertEquals("Alyssa P. Hacker", added.author());
        assertEquals("added curl", added.comment());
        JsonNode written = writtenConfig(image).get("config");
        for (String dropped : List.of("Memory", "MemorySwap", "CpuShares", "StopTimeout", "MacAddress")) {
            assertFalse(written.has(dropped), dropped + " is not carried forward, as in BuildKit: " + written);
        }
    }

    @Test
    void fromAConfigWithEveryOciField_carriesThePlatformFields() throws Exception {
        importImage("oci-every-field.json", "fixture/every-oci:1");
        BuiltImage image = fixture.build(context, "FROM fixture/every-oci:1\nCOPY a.txt /\n");
        ImageConfig config = image.config();
        assertEquals("v2", config.variant());
        assertEquals("6.1", config.osVersion());
        assertEquals(List.of("example-feature"), config.osFeatures());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "EMPTY=",
                "WITH_EQUALS=a=b"), config.config().env());
        assertEquals(List.of("53/udp", "8080/tcp"), List.copyOf(config.config().exposedPorts().keySet()));
        assertEquals("SIGRTMIN+3", config.config().stopSignal());
        assertNull(config.config().argsEscaped(), "false is left out, as BuildKit's omitempty does");
        assertFalse(writtenConfig(image).has("org.example.extension"));
    }

    @Test
    void fromAConfigWithANullConfigAndHistory_builds() throws Exception {
        importImage("oci-null-config.json", "fixture/null-config:1");
        BuiltImage image = fixture.build(context, "FROM fixture/null-config:1\nCOPY a.txt /\n");
        assertEquals(List.of("PATH=" + StageState.DEFAULT_PATH), image.config().config().env());
        assertEquals(2, image.layers().size());
    }

    /**
     * Stores the fixture config over a one-layer rootfs (a file {@code base} saying "base"), under a Docker schema 2
     * manifest, and tags it in the builder's local images.
     */
    private void importImage(String fixtureName, String tag) throws IOException {
        ObjectNode config;
        try (InputStream in = BaseImagesTest.class.getResourceAsStream("/base-images/" + fixtureName)) {
            config = (ObjectNode) JSON.readTree(in);
        }
        byte[] tar = tarOfOneFile("base", "base");
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(tar);
        }
        ((ObjectNode) config.withObject("/rootfs")).putArray("diff_ids").add(Digest.sha256(tar).toString());
        ContentStore store = new ContentStore(DiskStorage.openShared(fixture.data.resolve("store"),
                Clock.systemUTC()));
        Descriptor layer = store.put(MediaType.DOCKER_LAYER_GZIP, gzipped.toByteArray());
        Descriptor configBlob = store.put(MediaType.DOCKER_CONFIG, JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(config));
        String manifest = """
                {"schemaVersion": 2, "mediaType": "%s",
                 "config": {"mediaType": "%s", "size": %d, "digest": "%s"},
                 "layers": [{"mediaType": "%s", "size": %d, "digest": "%s"}]}
                """.formatted(MediaType.DOCKER_MANIFEST, configBlob.mediaType(), configBlob.size(),
                configBlob.digest(), layer.mediaType(), layer.size(), layer.digest());
        Descriptor manifestBlob = store.put(MediaType.DOCKER_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        new LocalImages(store, Clock.systemUTC()).tag(Reference.parse(tag), manifestBlob, List.of(configBlob, layer));
    }

    private static byte[] tarOfOneFile(String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setMode(0100644);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private JsonNode writtenConfig(BuiltImage image) throws IOException {
        ContentStore store = new ContentStore(DiskStorage.openShared(fixture.data.resolve("store"),
                Clock.systemUTC()));
        return JSON.readTree(store.read(image.configBlob().digest()));
    }
}
