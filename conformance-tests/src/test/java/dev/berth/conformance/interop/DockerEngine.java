package dev.berth.conformance.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker engine (Debian's {@code docker.io}) of the test's own: {@code dockerd} with its data, exec root,
 * socket, client config and log under one directory, its own managed containerd, no iptables and no bridge, vfs
 * storage, and the given registries allowed over plain HTTP. Stopped by its PID.
 */
final class DockerEngine implements AutoCloseable {

    private static final String DOCKERD = "/usr/sbin/dockerd";
    /** Debian's client, the engine's own version; another {@code docker} on the PATH may be newer than the engine. */
    private static final String DOCKER = "/usr/bin/docker";

    private final Process process;
    private final Path root;

    private DockerEngine(Process process, Path root) {
        this.process = process;
        this.root = root;
    }

    /** Starts {@code dockerd} under {@code root} and waits until it answers. */
    static DockerEngine start(Path root, String... insecureRegistries) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(DOCKERD))) {
            throw new IllegalStateException(DOCKERD + " is missing: install Debian's docker.io (./test.sh does)");
        }
        Files.createDirectories(root.resolve("client"));
        Files.writeString(root.resolve("daemon.json"), "{}");
        List<String> command = new ArrayList<>(List.of(DOCKERD, "--config-file", root.resolve("daemon.json").toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs",
                "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("docker.pid").toString(), "-H", "unix://" + root.resolve("docker.sock")));
        for (String registry : insecureRegistries) {
            command.addAll(List.of("--insecure-registry", registry));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("dockerd.log").toFile()).start();
        DockerEngine engine = new DockerEngine(process, root);
        engine.awaitReady();
        return engine;
    }

    /** Runs the Docker client against this engine (classic builder, as Debian's engine has no buildx). */
    String docker(String... arguments) {
        return Tool.run(command(arguments));
    }

    /** Runs the Docker client and returns standard output and error together. */
    String dockerMerged(String... arguments) {
        return Tool.runMerged(command(arguments));
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("env", "DOCKER_BUILDKIT=0",
                "DOCKER_CONFIG=" + root.resolve("client"), DOCKER, "-H", "unix://" + root.resolve("docker.sock")));
        command.addAll(List.of(arguments));
        return command;
    }

    /** SIGTERM to dockerd, which stops its containers and its containerd; waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("dockerd exited " + process.exitValue() + " (it needs root):\n" + log());
            }
            Process ping = new ProcessBuilder(command("version", "--format", "{{.Server.Version}}"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (ping.waitFor(10, TimeUnit.SECONDS) && ping.exitValue() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        close();
        throw new AssertionError("dockerd did not answer within 60 s:\n" + log());
    }

    private String log() throws IOException {
        return Files.readString(root.resolve("dockerd.log"));
    }
}
