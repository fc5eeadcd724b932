package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth build} end to end with real tools: the base image pulled from a running {@code berth serve}, the
 * result pushed back and run by containerd, and the OCI and docker-archive outputs read by skopeo.
 */
class BuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static Path context;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("registry"));
        BusyboxLayout.write(work.resolve("busybox")).pushTo(berth, "base/busybox:1");
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("greeting.txt"), "hello from berth\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s/base/busybox:1 AS base
                FROM scratch AS files
                COPY greeting.txt /out/
                FROM base
                COPY --from=files --chown=1000:1000 /out/greeting.txt /home/app/
                WORKDIR /home/app
                CMD ["cat", "/home/app/greeting.txt"]
                """.formatted(berth.address()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        BerthCommand.stopBuildDaemons(work);
        berth.close();
    }

    @Test
    void build_pushedToBerth_runsInContainerd() throws Exception {
        String image = berth.address() + "/built/greeting:1";
        BerthCommand.run("build", "--data", work.resolve("builder").toString(), "-t", image, "--push",
                context.toString());
        ContainerdIT.Containerd containerd = ContainerdIT.Containerd.start(work.resolve("containerd"));
        try {
            containerd.ctr("images", "pull", "--plain-http", image);
            String output = containerd.ctr("run", "--rm", image, "greeting-test");
            assertEquals("hello from berth", output.strip());
        } finally {
            containerd.stop();
        }
    }

    @Test
    void relativePathsOfTheCommandLine_areTheCallersEvenInTheBuildDaemon() throws Exception {
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("token.txt"), "s3cret\n");
        Files.createDirectories(project.resolve("docker"));
        Files.writeString(project.resolve("docker/Dockerfile.secret"), """
                FROM %s/base/busybox:1
                RUN --mount=type=secret,id=token cat /run/secrets/token > /seen
                """.formatted(berth.address()));
        Path data = work.resolve("relative-builder");
        for (int build = 0; build < 2; build++) {
            Path output = project.resolve("layout-" + build);
            BerthCommand.runIn(project, "build", "--data", data.toString(), "--progress", "quiet", "--no-cache",
                    "--secret", "id=token,src=token.txt", "-f", "docker/Dockerfile.secret",
                    "--output", "type=oci,dest=layout-" + build, ".");
            assertTrue(Files.exists(output.resolve("index.json")), "build " + build + " wrote " + output);
            assertEquals("file 644 0:0 7 " + sha256Prefix("s3cret\n"), FlatImage.read(output).files().get("seen"),
                    "the secret was read from token.txt in the caller's directory");
        }
        assertEquals(1, BerthCommand.buildDaemons(BerthCommand.daemonDirectory(data)).size(),
                "the second build ran in the daemon");
    }

    @Test
    void scriptsFlags_labelIidfileMetadataFileAndAnEnvironmentSecret_workAsInBuildx() throws Exception {
        Path project = Files.createDirectories(work.resolve("scripted"));
        Files.writeString(project.resolve("Dockerfile"), """
                FROM %s/base/busybox:1
                RUN --mount=type=secret,id=token cat /run/secrets/token > /seen
                """.formatted(berth.address()));
        Tool.Result build = BerthCommand.exec(java.util.Map.of("BERTH_TEST_TOKEN", "from-env"), "", "build",
                "--data", work.resolve("scripted-builder").toString(), "-q", "--label", "team=core",
                "--secret", "id=token,env=BERTH_TEST_TOKEN", "--iidfile", project.resolve("iid").toString(),
                "--metadata-file", project.resolve("meta.json").toString(), "-t", "example.test/scripted:1",
                "--output", "type=oci,dest=" + project.resolve("layout"), project.toString());
        assertEquals(0, build.exit(), build.output());
        String digest = build.output().strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), "-q prints the digest alone: " + build.output());
        JsonNode metadata = JSON.readTree(project.resolve("meta.json").toFile());
        assertEquals(digest, metadata.get("containerimage.digest").asText());
        assertEquals(Files.readString(project.resolve("iid")), metadata.get("containerimage.config.digest").asText());
        assertEquals("example.test/scripted:1", metadata.get("image.name").asText());
        FlatImage image = FlatImage.read(project.resolve("layout"));
        assertEquals("core", image.config().get("Labels").get("team").asText());
        assertEquals("file 644 0:0 8 " + sha256Prefix("from-env"), image.files().get("seen"));
    }

    @Test
    void standardInput_isTheDockerfileOrTheContext_andAnArchiveCanGoToStandardOutput() throws Exception {
        Path project = Files.createDirectories(work.resolve("piped"));
        Files.writeString(project.resolve("piped.txt"), "through a pipe\n");
        String dockerfile = "FROM scratch\nCOPY piped.txt /\n";
        String data = work.resolve("piped-builder").toString();

        Tool.Output fromDockerfile = BerthCommand.exec(dockerfile.getBytes(), "build", "--data", data, "-q",
                "-f", "-", project.toString());
        assertEquals(0, fromDockerfile.exit(), fromDockerfile.standardError());
        Files.writeString(project.resolve("Dockerfile"), dockerfile);
        byte[] tar = Tool.exec(List.of("tar", "-C", project.toString(), "-czf", "-", "."), Map.of(), new byte[0])
                .standardOutput();
        Tool.Output fromContext = BerthCommand.exec(tar, "build", "--data", data, "-q", "-");
        assertEquals(0, fromContext.exit(), fromContext.standardError());
        assertEquals(new String(fromDockerfile.standardOutput()), new String(fromContext.standardOutput()),
                "the same Dockerfile and context give the same image");

        Tool.Output noContext = BerthCommand.exec("FROM scratch\nLABEL from=stdin\n".getBytes(), "build",
                "--data", data, "-q", "-");
        assertEquals(0, noContext.exit(), noContext.standardError());

        Tool.Output archive = BerthCommand.exec(new byte[0], "build", "--data", data, "-q", "-t",
                "example.test/piped:1", "--output", "type=docker,dest=-", project.toString());
        assertEquals(0, archive.exit(), archive.standardError());
        Path saved = Files.write(work.resolve("piped.tar"), archive.standardOutput());
        JsonNode manifest = JSON.readTree(Tool.run("tar", "-xOf", saved.toString(), "manifest.json"));
        assertEquals("example.test/piped:1", manifest.get(0).get("RepoTags").get(0).asText());
    }

    @Test
    void sshKeyFile_isServedToRunStepsByAnAgentStartedForTheBuild() throws Exception {
        Path project = Files.createDirectories(work.resolve("ssh"));
        Tool.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", project.resolve("deploy_key").toString());
        Files.writeString(project.resolve("Dockerfile"), """
                FROM %s/base/busybox:1
                RUN --mount=type=ssh,id=deploy test -S "$SSH_AUTH_SOCK" && echo "agent at $SSH_AUTH_SOCK" > /seen
                """.formatted(berth.address()));
        BerthCommand.run("build", "--data", work.resolve("ssh-builder").toString(), "-q", "--ssh",
                "deploy=" + project.resolve("deploy_key"), "--output", "type=oci,dest=" + project.resolve("layout"),
                project.toString());
        assertEquals("file 644 0:0 35 " + sha256Prefix("agent at /run/buildkit/ssh_agent.0\n"),
                FlatImage.read(project.resolve("layout")).files().get("seen"));
    }

    private static String sha256Prefix(String content) {
        return dev.berth.oci.digest.Digest.sha256(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex()
                .substring(0, 16);
    }

    @Test
    void ociLayoutAndDockerArchive_areReadBySkopeo() throws Exception {
        Path layout = work.resolve("layout");
        Path archive = work.resolve("image.tar");
        String digest = BerthCommand.run("build", "--data", work.resolve("builder").toString(), "--progress",
                "quiet", "-t", "example.test/greeting:2", "--output", "type=oci,dest=" + layout,
                "--output", "type=docker,dest=" + archive, context.toString()).strip();
        JsonNode fromLayout = JSON.readTree(Tool.run("skopeo", "inspect", "oci:" + layout));
        assertEquals(digest, fromLayout.get("Digest").asText());
        JsonNode fromArchive = JSON.readTree(Tool.run("skopeo", "inspect", "docker-archive:" + archive));
        assertEquals(fromLayout.get("Layers").size(), fromArchive.get("Layers").size());
        JsonNode manifest = JSON.readTree(Tool.run("tar", "-xOf", archive.toString(), "manifest.json"));
        assertEquals("example.test/greeting:2", manifest.get(0).get("RepoTags").get(0).asText());
        assertTrue(Files.exists(layout.resolve("index.json")));
    }

    @Test
    void cacheExportedToBerth_makesAnotherMachinesBuildCached() throws Exception {
        String cache = berth.address() + "/cache/greeting:buildcache";
        BerthCommand.run("build", "--data", work.resolve("machine-a").toString(), "--cache-to",
                "type=registry,ref=" + cache, "-t", "example.test/a:1", context.toString());
        String log = BerthCommand.runWithErrors("build", "--data", work.resolve("machine-b").toString(),
                "--cache-from", "type=registry,ref=" + cache, "-t", "example.test/b:1", context.toString());
        assertTrue(log.contains("COPY greeting.txt /out/ CACHED"), log);
        assertTrue(log.contains("COPY --from=files --chown=1000:1000 /out/greeting.txt /home/app/ CACHED"), log);
    }

    @Test
    void cacheExportedToADirectory_makesAnotherMachinesBuildCached() throws Exception {
        Path directory = work.resolve("ci-cache");
        BerthCommand.run("build", "--data", work.resolve("machine-c").toString(), "--cache-to",
                "type=local,dest=" + directory, context.toString());
        assertTrue(Files.exists(directory.resolve("index.json")));
        String log = BerthCommand.runWithErrors("build", "--data", work.resolve("machine-d").toString(),
                "--cache-from", "type=local,src=" + directory, context.toString());
        assertTrue(log.contains("COPY greeting.txt /out/ CACHED"), log);
        assertTrue(log.contains("COPY --from=files --chown=1000:1000 /out/greeting.txt /home/app/ CACHED"), log);
    }

    @Test
    void inlineCache_ofAPushedImage_makesAnotherMachinesBuildOfItsLayersCached() throws Exception {
        String image = berth.address() + "/cache/inline:1";
        BerthCommand.run("build", "--data", work.resolve("machine-e").toString(), "--cache-to", "type=inline",
                "-t", image, "--push", context.toString());
        String log = BerthCommand.runWithErrors("build", "--data", work.resolve("machine-f").toString(),
                "--cache-from", "type=registry,ref=" + image, context.toString());
        assertTrue(log.contains("COPY --from=files --chown=1000:1000 /out/greeting.txt /home/app/ CACHED"), log);
    }

    @Test
    void fromAnIndex_takesTheEntryForThePlatform() throws Exception {
        String amd64 = pushConfigOnlyImage("amd64");
        String arm64 = pushConfigOnlyImage("arm64");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + amd64 + "," + arm64 + "]}";
        put("/v2/base/multi/manifests/1", "application/vnd.oci.image.index.v1+json", index.getBytes());
        Path multi = Files.createDirectories(work.resolve("multi"));
        Files.writeString(multi.resolve("Dockerfile"), "FROM --platform=linux/arm64 " + berth.address()
                + "/base/multi:1\nENV FROM_INDEX=1\n");
        Path layout = work.resolve("multi-layout");
        BerthCommand.run("build", "--data", work.resolve("multi-data").toString(), "--output",
                "type=oci,dest=" + layout, multi.toString());
        JsonNode config = JSON.readTree(Tool.run("skopeo", "inspect", "--config", "oci:" + layout));
        assertEquals("arm64", config.get("architecture").asText());
    }

    /** Pushes an image with no layers for the architecture; returns its index entry. */
    private static String pushConfigOnlyImage(String architecture) throws Exception {
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"rootfs\":{\"type\":"
                + "\"layers\",\"diff_ids\":[]}}").getBytes();
        String configDigest = dev.berth.oci.digest.Digest.sha256(config).toString();
        post("/v2/base/multi/blobs/uploads/?digest=" + configDigest, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}").getBytes();
        String digest = dev.berth.oci.digest.Digest.sha256(manifest).toString();
        put("/v2/base/multi/manifests/" + digest, "application/vnd.oci.image.manifest.v1+json", manifest);
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest
                + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\"" + architecture
                + "\",\"os\":\"linux\"}}";
    }

    private static void post(String path, byte[] body) throws Exception {
        send(java.net.http.HttpRequest.newBuilder(berth.url().resolve(path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)), 201);
    }

    private static void put(String path, String type, byte[] body) throws Exception {
        send(java.net.http.HttpRequest.newBuilder(berth.url().resolve(path)).header("Content-Type", type)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)), 201);
    }

    private static void send(java.net.http.HttpRequest.Builder request, int expected) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
    }

    @Test
    void stoppedBuild_leavesNoContainerAndNoMount() throws Exception {
        Path sleeping = Files.createDirectories(work.resolve("sleeping"));
        Files.writeString(sleeping.resolve("Dockerfile"), "FROM " + berth.address() + "/base/busybox:1\n"
                + "RUN echo started && sleep 60\n");
        Path data = work.resolve("stop-data");
        Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.berth.cli.Berth", "build", "--data", data.toString(),
                sleeping.toString()).redirectErrorStream(true).start();
        var output = build.inputReader();
        String line;
        while ((line = output.readLine()) != null && !line.contains("| started")) {
            // Wait until the step's command runs.
        }
        build.destroy();
        assertTrue(build.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "berth build did not stop on SIGTERM");
        String containers = Tool.run("runc", "--root", data.resolve("tmp/runc-state").toString(), "list", "-q");
        assertEquals("", containers.strip(), "containers left running: " + containers);
        assertTrue(Files.readAllLines(Path.of("/proc/mounts")).stream().noneMatch(l -> l.contains(data.toString())),
                "a mount under the builder's data was left behind");
    }
}
