package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth build} runs its builds in a warm daemon it starts itself, one per user and Berth: the image is the one
 * an in-process build gives (also after a build beside the daemon changed a tag), builds from other directories,
 * environments and data directories run in the same daemon with their own, {@code berth daemon status} and
 * {@code stop} see and stop it, and deleting its socket stops it too.
 */
class BuildDaemonIT {

    @TempDir
    Path work;
    private Path context;
    private Path data;

    @BeforeEach
    void writeContext() throws Exception {
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("hello.txt"), "hello");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /\nLABEL made.by=berth\n");
        data = work.resolve("data");
    }

    @AfterEach
    void stopDaemons() {
        BerthCommand.stopBuildDaemons(work);
    }

    @Test
    void secondBuild_runsInTheDaemonTheFirstStarted_andGivesTheInProcessImage() throws Exception {
        String first = build(Map.of());
        ProcessHandle daemon = onlyDaemon();
        String second = build(Map.of());
        assertEquals(daemon, onlyDaemon(), "the second build started another daemon");
        assertEquals(first, second);
        String inProcess = build(Map.of(), "--no-daemon");
        assertEquals(first, inProcess);
    }

    @Test
    void daemonBuild_usesTheImageABuildBesideItTaggedMeanwhile() throws Exception {
        Path base = Files.writeString(context.resolve("Dockerfile.base"), "FROM scratch\nCOPY hello.txt /\n");
        Path child = Files.writeString(context.resolve("Dockerfile.child"), "FROM example.test/base:1\n"
                + "LABEL child=yes\n");
        build(Map.of(), "-f", base.toString(), "-t", "example.test/base:1");
        ProcessHandle daemon = onlyDaemon();
        String before = build(Map.of(), "-f", child.toString());

        Files.writeString(context.resolve("hello.txt"), "hello again");
        build(Map.of(), "--no-daemon", "-f", base.toString(), "-t", "example.test/base:1");
        String after = build(Map.of(), "-f", child.toString());

        assertEquals(daemon, onlyDaemon(), "the builds after the first did not all run in its daemon");
        assertNotEquals(before, after);
        assertEquals(after, build(Map.of(), "--no-daemon", "-f", child.toString()));
    }

    @Test
    void buildsFromOtherDirectoriesAndEnvironments_runInTheSameDaemon_withTheCallersOwn() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nARG VARIANT\nLABEL variant=$VARIANT\n");
        String one = build(Map.of("VARIANT", "one"), "--build-arg", "VARIANT");
        ProcessHandle daemon = onlyDaemon();
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Process relative = start(elsewhere, Map.of("VARIANT", "two"), List.of("--build-arg", "VARIANT", "-f",
                "../context/Dockerfile", "--output", "type=oci,dest=layout"), "../context");
        String output = new String(relative.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, relative.waitFor(), output);
        assertEquals(daemon, onlyDaemon(), "one daemon serves every directory and environment");
        assertEquals("two", FlatImage.read(elsewhere.resolve("layout")).config().get("Labels").get("variant")
                .asText(), "the build saw the second client's environment");
        assertNotEquals(one, output.strip());
    }

    @Test
    void daemonStatus_countsBuildsAndDataDirectories_andStopStopsIt() throws Exception {
        build(Map.of());
        Path other = data;
        data = work.resolve("other-data");
        build(Map.of());
        data = other;
        ProcessHandle daemon = onlyDaemon();
        String status = berth("daemon", "status");
        assertTrue(status.contains("pid " + daemon.pid()), status);
        assertTrue(status.contains("builds 2"), status);
        assertTrue(status.contains("holds a builder for " + data) && status.contains("other-data"), status);
        assertEquals("stopped the build daemon", berth("daemon", "stop").strip());
        daemon.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        assertTrue(berth("daemon", "status").startsWith("no build daemon runs for this Berth"));
    }

    @Test
    void deletingTheSocket_stopsTheDaemon() throws Exception {
        build(Map.of());
        ProcessHandle daemon = onlyDaemon();
        Files.delete(onlyDaemonDirectory().resolve("daemon.sock"));
        daemon.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        assertEquals(List.of(), BerthCommand.buildDaemons(work));
    }

    @Test
    void badArguments_areReportedThroughTheDaemon() throws Exception {
        build(Map.of());
        Process bad = start(Map.of(), "--compression", "lz4");
        String output = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, bad.waitFor());
        assertTrue(output.contains("--compression is gzip, zstd or none, not 'lz4'"), output);
    }

    private ProcessHandle onlyDaemon() {
        List<ProcessHandle> daemons = BerthCommand.buildDaemons(work);
        assertEquals(1, daemons.size(), () -> "build daemons: " + daemons + "; the daemon's log: " + daemonLog());
        return daemons.getFirst();
    }

    private String daemonLog() {
        try {
            return Files.readString(onlyDaemonDirectory().resolve("daemon.log"));
        } catch (java.io.IOException e) {
            return "(none: " + e + ")";
        }
    }

    /** Builds with a fixed epoch (so equal inputs give equal digests) and returns the image digest. */
    private String build(Map<String, String> environment, String... extra) throws Exception {
        Process process = start(environment, extra);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.lines().filter(line -> line.startsWith("sha256:")).reduce((a, b) -> b).orElseThrow();
    }

    private Process start(Map<String, String> environment, String... extra) throws Exception {
        return start(work, environment, List.of(extra), context.toString());
    }

    /** Starts a build from a working directory, its daemon under the test's directory. */
    private Process start(Path directory, Map<String, String> environment, List<String> extra, String contextArgument)
            throws Exception {
        List<String> command = new ArrayList<>(berthCommand("build", "--data", data.toString(), "--progress",
                "quiet", "--source-date-epoch", "1700000000"));
        command.addAll(extra);
        command.add(contextArgument);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("BERTH_DAEMON_DIR", work.resolve("daemons").toString());
        return builder.start();
    }

    /** Runs another berth command with the test's daemon directory and returns its output. */
    private String berth(String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(berthCommand(arguments)).redirectErrorStream(true);
        builder.environment().put("BERTH_DAEMON_DIR", work.resolve("daemons").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static List<String> berthCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth"));
        command.addAll(List.of(arguments));
        return command;
    }

    private Path onlyDaemonDirectory() throws java.io.IOException {
        try (var directories = Files.list(work.resolve("daemons"))) {
            return directories.filter(path -> path.getFileName().toString().startsWith("daemon-")).findFirst()
                    .orElseThrow();
        }
    }
}
