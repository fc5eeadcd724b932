package dev.berth.builder.build;

import dev.berth.builder.progress.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.output.OutputSpec;
import dev.berth.oci.manifest.ImageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole builds: config from metadata instructions, stages, cache, reproducibility and outputs. */
class BuilderTest {

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BuildFixture(work.resolve("data"));
        context = BuildFixture.context(work.resolve("ctx"), Map.of("a.txt", "A", "b.txt", "B", "src/main.c", "int"));
    }

    @Test
    void metadataInstructions_setTheConfigAsDockerDoes() throws Exception {
        ImageConfig.ContainerConfig config = fixture.build(context, """
                FROM scratch
                ARG VERSION=1.2
                ENV PATH=/usr/bin APP_VERSION=$VERSION
                LABEL org.example.version=${APP_VERSION} maintainer="me"
                EXPOSE 80 53/udp 8000-8001
                VOLUME ["/data"]
                WORKDIR /srv
                WORKDIR web
                USER app
                STOPSIGNAL SIGTERM
                HEALTHCHECK --interval=5s CMD ["check"]
                SHELL ["/bin/bash", "-c"]
                ENTRYPOINT exec server
                ONBUILD COPY . /app
                """).config().config();
        assertEquals(List.of("PATH=/usr/bin", "APP_VERSION=1.2"), config.env());
        assertEquals(Map.of("org.example.version", "1.2", "maintainer", "me"), config.labels());
        assertEquals(List.of("53/udp", "80/tcp", "8000/tcp", "8001/tcp"), List.copyOf(config.exposedPorts().keySet()));
        assertEquals(List.of("/data"), List.copyOf(config.volumes().keySet()));
        assertEquals("app", config.user());
        assertEquals("/srv/web", config.workingDir());
        assertEquals("SIGTERM", config.stopSignal());
        assertEquals(List.of("CMD", "check"), config.healthcheck().test());
        assertEquals(5_000_000_000L, config.healthcheck().interval());
        assertEquals(List.of("/bin/bash", "-c", "exec server"), config.entrypoint());
        assertEquals(List.of("COPY . /app"), config.onBuild());
    }

    @Test
    void entrypoint_resetsACmdInheritedFromTheBase_butNotOneSetInTheStage() throws Exception {
        ImageConfig.ContainerConfig config = fixture.build(context, """
                FROM scratch AS base
                CMD ["base-cmd"]
                FROM base AS reset
                ENTRYPOINT ["ep"]
                FROM base
                CMD ["mine"]
                ENTRYPOINT ["ep"]
                """).config().config();
        assertEquals(List.of("mine"), config.cmd());
        BuiltImage reset = fixture.build(context, "FROM scratch AS base\nCMD [\"base-cmd\"]\nFROM base\n"
                + "ENTRYPOINT [\"ep\"]\n");
        assertNull(reset.config().config().cmd());
    }

    @Test
    void history_marksMetadataStepsAsEmptyLayers() throws Exception {
        List<ImageConfig.History> history = fixture.build(context, "FROM scratch\nENV A=1\nCOPY a.txt /\n")
                .config().history();
        assertEquals(2, history.size());
        assertTrue(history.get(0).emptyLayer());
        assertTrue(!history.get(1).emptyLayer() && history.get(1).createdBy().startsWith("COPY a.txt /"));
    }

    @Test
    void multiStage_copiesFromAnEarlierStage_andSkipsStagesTheTargetDoesNotNeed() throws Exception {
        BuiltImage image = fixture.build(context, """
                FROM scratch AS build
                COPY src/ /work/src/
                COPY <<EOF /work/out/app
                compiled
                EOF
                FROM scratch AS unused
                COPY nothing-here /x
                FROM scratch
                COPY --from=build /work/out/app /usr/bin/app
                COPY --from=0 /work/src/main.c /src/
                """);
        List<String> entries = fixture.entries(image.layers().get(0));
        assertTrue(entries.contains("usr/bin/app file 644 0:0 compiled"), entries.toString());
        assertTrue(fixture.entries(image.layers().get(1)).contains("src/main.c file 644 0:0 int"));
    }

    @Test
    void stageBase_inheritsLayersAndConfig() throws Exception {
        BuiltImage image = fixture.build(context, "FROM scratch AS base\nENV X=1\nCOPY a.txt /\nFROM base\n"
                + "COPY b.txt /\n");
        assertEquals(2, image.layers().size());
        assertEquals(List.of("PATH=" + StageState.DEFAULT_PATH, "X=1"), image.config().config().env());
    }

    @Test
    void rebuild_withNothingChanged_isAllCached_andOneChangedByteRebuildsOnlyWhatDependsOnIt() throws Exception {
        String dockerfile = "FROM scratch\nCOPY a.txt /a\nCOPY b.txt /b\nCOPY src /src\n";
        BuiltImage first = fixture.build(context, dockerfile);
        BuiltImage second = fixture.build(context, dockerfile);
        assertEquals(3, count(fixture.log(), "CACHED"));
        assertEquals(first.layers(), second.layers());
        Files.writeString(context.resolve("b.txt"), "C");
        BuiltImage third = fixture.build(context, dockerfile);
        assertEquals(1, count(fixture.log(), "CACHED"));
        assertEquals(first.layers().get(0), third.layers().get(0));
        assertNotEquals(first.layers().get(1), third.layers().get(1));
    }

    @Test
    void sourceDateEpoch_givesTheSameDigestFromAnotherDirectory() throws Exception {
        String dockerfile = "FROM scratch\nENV A=1\nCOPY . /ctx/\nCMD [\"x\"]\n";
        Instant epoch = Instant.ofEpochSecond(1_700_000_000);
        BuiltImage here = fixture.build(context, dockerfile, Map.of(), epoch, List.of(), List.of());
        Path copy = BuildFixture.context(work.resolve("elsewhere"), Map.of("a.txt", "A", "b.txt", "B",
                "src/main.c", "int"));
        BuildFixture other = new BuildFixture(work.resolve("other-data"));
        BuiltImage there = other.build(copy, dockerfile, Map.of(), epoch, List.of(), List.of());
        assertEquals(here.manifest().digest(), there.manifest().digest());
    }

    @Test
    void buildArgs_overrideDefaults() throws Exception {
        ImageConfig config = fixture.build(context, "ARG BASE=scratch\nFROM ${BASE}\nARG V=default\nENV V=$V\n",
                Map.of("V", "given"), null, List.of(), List.of()).config();
        assertEquals(List.of("PATH=" + StageState.DEFAULT_PATH, "V=given"), config.config().env());
    }

    @Test
    void localImage_canBeUsedInALaterFrom_andItsOnbuildTriggersRun() throws Exception {
        fixture.build(context, "FROM scratch\nCOPY a.txt /\nONBUILD COPY b.txt /from-trigger\n", Map.of(), null,
                List.of("example.test/base:1"), List.of());
        BuiltImage child = fixture.build(context, "FROM example.test/base:1\nCOPY src /src\n");
        assertEquals(3, child.layers().size());
        assertTrue(fixture.entries(child.layers().get(1)).contains("from-trigger file 644 0:0 B"));
        assertNull(child.config().config().onBuild());
    }

    @Test
    void aBuilderBuildingAgain_usesTheImageAnotherBuilderTaggedMeanwhile() throws Exception {
        BuildFixture beside = new BuildFixture(work.resolve("data"));
        beside.build(context, "FROM scratch\nCOPY a.txt /\n", Map.of(), null, List.of("example.test/base:1"),
                List.of());
        BuiltImage first = fixture.build(context, "FROM example.test/base:1\n");
        beside.build(context, "FROM scratch\nCOPY b.txt /\n", Map.of(), null, List.of("example.test/base:1"),
                List.of());
        BuiltImage second = fixture.build(context, "FROM example.test/base:1\n");
        assertEquals(List.of("a.txt file 644 0:0 A"), fixture.entries(first.layers().getFirst()));
        assertEquals(List.of("b.txt file 644 0:0 B"), fixture.entries(second.layers().getFirst()));
    }

    @Test
    void unknownBaseImage_failsNamingIt() {
        var e = assertThrows(BuildException.class, () -> fixture.build(context, "FROM nowhere.test/none\n"));
        assertTrue(e.getMessage().contains("nowhere.test/none"), e.getMessage());
    }

    @Test
    void ociLayoutAndDockerArchive_areWritten() throws Exception {
        Path layout = work.resolve("layout");
        Path archive = work.resolve("image.tar");
        BuiltImage image = fixture.build(context, "FROM scratch\nCOPY a.txt /\n", Map.of(), null,
                List.of("example.test/app:2"), List.of(OutputSpec.parse("type=oci,dest=" + layout),
                        OutputSpec.parse("type=docker,dest=" + archive)));
        JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
        assertEquals(image.manifest().digest().toString(), index.get("manifests").get(0).get("digest").asText());
        assertTrue(Files.exists(layout.resolve("blobs/sha256/" + image.layers().getFirst().blob().digest().hex())));
        assertTrue(Files.size(archive) > 0);
    }

    private static int count(String text, String word) {
        return text.split(word, -1).length - 1;
    }

    @Test
    void proxyArgs_stayOutOfTheHistory() throws Exception {
        ImageConfig config = fixture.build(context, "FROM scratch\nARG HTTP_PROXY\nENV X=1\n",
                Map.of("HTTP_PROXY", "http://proxy.internal:3128"), null, List.of(), List.of()).config();
        assertTrue(config.history().stream().noneMatch(h -> h.createdBy().contains("proxy.internal")));
    }

    @Test
    void zstdCompression_writesZstdLayers() throws Exception {
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, "FROM scratch\nCOPY a.txt /\n");
        BuiltImage image = new Builder(work.resolve("zstd-data"), java.time.Clock.systemUTC())
                .build(new BuildRequest(context, file, List.of(), Map.of(), null, List.of(), false, null,
                        new BuildRequest.ImageSpec(dev.berth.builder.layer.Compression.ZSTD,
                                dev.berth.builder.image.ImageFormat.OCI, Map.of()), java.util.Set.of(), List.of(),
                        List.of(), BuildRequest.Sandboxing.DEFAULT, fixture.environment(), false,
                        java.util.Optional.empty()), Progress.quiet());
        assertEquals(dev.berth.oci.manifest.MediaType.OCI_LAYER_ZSTD, image.layers().getFirst().blob().mediaType());
        assertEquals(List.of("a.txt file 644 0:0 A"), new BuildFixture(work.resolve("zstd-data"))
                .entries(image.layers().getFirst()));
    }

    @Test
    void ociOutputToATarPath_writesAnArchiveOfTheLayout() throws Exception {
        Path tar = work.resolve("image-oci.tar");
        fixture.build(context, "FROM scratch\nCOPY a.txt /\n", Map.of(), null, List.of("example.test/t:1"),
                List.of(OutputSpec.parse("type=oci,dest=" + tar)));
        List<String> names = new java.util.ArrayList<>();
        try (var archive = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Files.newInputStream(tar))) {
            for (var entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertTrue(names.containsAll(List.of("oci-layout", "index.json")), names.toString());
    }
    @Test
    void argDeclaredInAStage_isInheritedByAStageBuiltOnIt() throws Exception {
        ImageConfig.ContainerConfig config = fixture.build(context, """
                FROM scratch AS base
                ARG VERSION=1.0
                FROM base
                LABEL version=$VERSION
                """).config().config();
        assertEquals(Map.of("version", "1.0"), config.labels());
    }

    @Test
    void onbuildOfAStage_doesNotRunInAStageBuiltOnIt_asInBuildKit() throws Exception {
        BuiltImage image = fixture.build(context, """
                FROM scratch AS base
                ONBUILD LABEL triggered=yes
                FROM base
                COPY a.txt /
                """);
        assertNull(image.config().config().labels());
        assertNull(image.config().config().onBuild());
    }
    @Test
    void rebuildWithEveryStepCached_givesTheSameImageDigest_asBuildKitDoes() throws Exception {
        String dockerfile = "FROM scratch AS base\nENV A=1\nCOPY a.txt /\nFROM base\nLABEL l=1\nCOPY b.txt /\n"
                + "CMD [\"x\"]\n";
        BuiltImage first = fixture.build(context, dockerfile);
        Thread.sleep(5);
        BuiltImage again = fixture.build(context, dockerfile);
        assertEquals(first.manifest().digest(), again.manifest().digest(), "no step changed");
        List<ImageConfig.History> history = first.config().history();
        assertEquals(history.get(1).created(), history.get(0).created(), "ENV takes the first layer's time");
        assertEquals(history.getLast().created(), first.config().created(), "created is the last step's time");
        Files.writeString(context.resolve("b.txt"), "changed");
        BuiltImage changed = fixture.build(context, dockerfile);
        assertNotEquals(first.manifest().digest(), changed.manifest().digest());
        assertEquals(history.get(1).created(), changed.config().history().get(1).created(),
                "the cached COPY keeps the time its layer was made");
    }
    @Test
    void workdir_makesItsDirectoryOwnedByTheUser_evenWhenNothingUsesIt_asBuildKitDoes() throws Exception {
        BuiltImage image = fixture.build(context, """
                FROM scratch
                COPY --chmod=644 <<EOF /etc/passwd
                app:x:1000:1001::/home/app:/bin/sh
                EOF
                WORKDIR /srv
                USER app
                WORKDIR /home/app/work
                WORKDIR /srv
                """);
        assertEquals(List.of("srv/ dir 755 0:0"), fixture.entries(image.layers().get(1)));
        assertEquals(List.of("home/ dir 755 1000:1001", "home/app/ dir 755 1000:1001",
                "home/app/work/ dir 755 1000:1001"), fixture.entries(image.layers().get(2)));
        assertEquals(3, image.layers().size(), "a WORKDIR that exists adds no layer");
        List<ImageConfig.History> history = image.config().history();
        assertEquals("WORKDIR /srv", history.get(1).createdBy());
        assertEquals(List.of(false, false, true, false, true), history.stream().map(ImageConfig.History::emptyLayer)
                .toList());
    }
    @Test
    void workdirForAUserTheImageDoesNotHave_failsNamingTheUser() {
        BuildException e = assertThrows(BuildException.class,
                () -> fixture.build(context, "FROM scratch\nUSER ghost\nWORKDIR /srv\n"));
        assertTrue(e.getMessage().contains("Dockerfile:3: WORKDIR /srv is made for USER ghost"), e.getMessage());
    }
    @Test
    void badMountOptions_failNamingTheDockerfileLine() {
        for (String mount : List.of("type=cache,target=/c,sharing=sometimes", "type=cache,target=/c,uid=me",
                "type=volume,target=/v", "type=cache")) {
            BuildException e = assertThrows(BuildException.class,
                    () -> fixture.build(context, "FROM scratch\nRUN --mount=" + mount + " true\n"));
            assertTrue(e.getMessage().contains("Dockerfile:2: RUN --mount"), e.getMessage());
        }
    }

    @Test
    void copyFromANameThatIsNoStage_saysSoAndListsTheStages() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String typo = "127.0.0.1:" + closed + "/buidler";
        BuildException e = assertThrows(BuildException.class, () -> fixture.build(context,
                "FROM scratch AS builder\nCOPY a.txt /\nFROM scratch\nCOPY --from=" + typo + " /a.txt /\n"));
        assertTrue(e.getMessage().contains("Dockerfile:4: --from=" + typo + " is neither a stage of this Dockerfile "
                + "(its stages are builder, 1) nor an image that can be pulled"), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }
    @Test
    void labelsOfTheCommandLine_goOnTheImageAfterItsOwn_andUnusedBuildArgsAreReported() throws Exception {
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, "FROM scratch\nARG USED\nLABEL from=dockerfile kept=yes\n");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        BuiltImage image = new Builder(work.resolve("label-data"), java.time.Clock.systemUTC())
                .build(new BuildRequest(context, file, List.of(), Map.of("USED", "1", "TYPO", "2", "HTTP_PROXY", "p"),
                        null, List.of(), false, null, new BuildRequest.ImageSpec(dev.berth.builder.layer.Compression.GZIP,
                                dev.berth.builder.image.ImageFormat.OCI, Map.of("from", "command-line", "team", "core")),
                        java.util.Set.of(), List.of(), List.of(), BuildRequest.Sandboxing.DEFAULT, fixture.environment(),
                        false, java.util.Optional.empty()),
                        Progress.plain(new java.io.PrintStream(log, true)));
        assertEquals(Map.of("from", "command-line", "kept", "yes", "team", "core"), image.config().config().labels());
        assertTrue(image.config().history().stream().noneMatch(h -> h.createdBy().contains("core")),
                "--label adds no history entry");
        assertTrue(log.toString().contains("# warning: build arguments [TYPO] were not consumed"), log.toString());
    }
}
