package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker engine, the client most users have, against {@code berth serve} and {@code berth build}: images built
 * by Docker's classic builder are bases for Berth's builds, Berth's images are pulled and run by Docker, Docker loads
 * Berth's docker-archive, and pushes between repositories mount blobs instead of uploading them again.
 */
class DockerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static DockerEngine docker;
    private static String registry;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("registry"));
        registry = berth.address();
        BusyboxLayout.write(work.resolve("busybox")).pushTo(berth, "base/busybox:1");
        docker = DockerEngine.start(work.resolve("docker"), registry);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        BerthCommand.stopBuildDaemons(work);
        if (docker != null) {
            docker.close();
        }
        berth.close();
    }

    @Test
    void pull_ofAnOciImagePushedBySkopeo_runs() {
        docker.docker("pull", registry + "/base/busybox:1");
        assertEquals("ok", docker.docker("run", "--rm", "--network", "none", registry + "/base/busybox:1",
                "echo", "ok").strip());
    }

    @Test
    void anImageBuiltByDocker_isABaseForBerthBuild_whoseImageDockerRuns() throws Exception {
        String dockerImage = dockerBuild("docker/app:1", """
                FROM %s/base/busybox:1
                LABEL org.example.from=docker
                ENV GREETING=hello
                RUN mkdir -p /srv/app && echo "built by docker" > /srv/app/note
                WORKDIR /srv/app
                HEALTHCHECK --interval=30s CMD ["true"]
                ONBUILD RUN echo "onbuild ran" > /srv/app/onbuild
                CMD ["cat", "note"]
                """.formatted(registry));
        docker.docker("push", dockerImage);

        Path context = Files.createDirectories(work.resolve("berth-context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN echo "$GREETING from berth" > berth-note
                CMD ["sh", "-c", "cat note onbuild berth-note; pwd"]
                """.formatted(dockerImage));
        String berthImage = registry + "/berth/app:1";
        BerthCommand.run("build", "--data", work.resolve("berth-data").toString(), "--progress", "quiet", "-t",
                berthImage, "--push", context.toString());

        docker.docker("pull", berthImage);
        assertEquals("built by docker\nonbuild ran\nhello from berth\n/srv/app\n",
                docker.docker("run", "--rm", "--network", "none", berthImage));
        JsonNode config = JSON.readTree(docker.docker("image", "inspect", berthImage)).get(0).get("Config");
        assertEquals("docker", config.get("Labels").get("org.example.from").asText());
        assertEquals("[\"CMD\",\"true\"]", config.get("Healthcheck").get("Test").toString());
    }

    @Test
    void anImagePushedInDockersFormat_hasDockersMediaTypes_andRunsInDocker() throws Exception {
        Path context = Files.createDirectories(work.resolve("format-context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s/base/busybox:1
                RUN echo docker-format > /format
                HEALTHCHECK CMD ["true"]
                """.formatted(registry));
        String image = registry + "/berth/docker-format:1";
        BerthCommand.run("build", "--data", work.resolve("berth-data").toString(), "--progress", "quiet",
                "--format", "docker", "-t", image, "--push", context.toString());
        JsonNode manifest = JSON.readTree(Tool.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + image));
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.get("mediaType").asText());
        assertEquals("application/vnd.docker.container.image.v1+json",
                manifest.get("config").get("mediaType").asText());
        for (JsonNode layer : manifest.get("layers")) {
            assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", layer.get("mediaType").asText());
        }
        docker.docker("pull", image);
        assertEquals("docker-format\n", docker.docker("run", "--rm", "--network", "none", image, "cat", "/format"));
    }

    @Test
    void dockerLoad_takesBerthsDockerArchive() throws Exception {
        Path context = Files.createDirectories(work.resolve("archive-context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s/base/busybox:1
                COPY greeting /greeting
                ENTRYPOINT ["cat"]
                CMD ["/greeting"]
                """.formatted(registry));
        Files.writeString(context.resolve("greeting"), "loaded from an archive\n");
        Path archive = work.resolve("image.tar");
        BerthCommand.run("build", "--data", work.resolve("berth-data").toString(), "--progress", "quiet", "-t",
                "berth/loaded:1", "--output", "type=docker,dest=" + archive, context.toString());

        assertTrue(docker.docker("load", "-i", archive.toString()).contains("berth/loaded:1"));
        assertEquals("loaded from an archive\n", docker.docker("run", "--rm", "--network", "none",
                "berth/loaded:1"));
    }

    @Test
    void pushToASecondRepository_mountsTheBlobs_andPullsBackTheSameDigest() {
        String first = dockerBuild("mount/first:1", """
                FROM %s/base/busybox:1
                RUN echo mounted > /mounted
                """.formatted(registry));
        docker.docker("push", first);
        String second = registry + "/mount/second:1";
        docker.docker("tag", first, second);

        String pushed = docker.dockerMerged("push", second);
        assertTrue(pushed.contains("Mounted from mount/first"), "Docker mounts the layers it pushed before:\n"
                + pushed);
        String digest = pushed.lines().filter(line -> line.contains("digest: sha256:")).findFirst()
                .map(line -> line.replaceAll(".*digest: (sha256:[0-9a-f]{64}).*", "$1")).orElseThrow();

        docker.docker("rmi", first, second);
        docker.docker("pull", second);
        assertEquals(registry + "/mount/second@" + digest,
                docker.docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", second).strip());
        assertEquals("mounted\n", docker.docker("run", "--rm", "--network", "none", second, "cat", "/mounted"));
    }

    /** Builds with Docker's classic builder and returns the image's name in Berth. */
    private static String dockerBuild(String name, String dockerfile) {
        try {
            Path context = Files.createDirectories(work.resolve("docker-context-" + name.replace('/', '-')));
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
            String image = registry + "/" + name;
            docker.docker("build", "-q", "-t", image, context.toString());
            return image;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
