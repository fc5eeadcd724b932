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
 * {@code berth build} runs its builds in a warm daemon it starts itself, one per data directory: the image is the
 * one an in-process build gives (also after a build beside the daemon changed a tag), a client of another
 * environment gets a fresh daemon, and deleting the daemon's socket stops it.
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
    void clientWithAnotherEnvironment_replacesTheDaemon() throws Exception {
        String first = build(Map.of("BERTH_TEST_VARIANT", "one"));
        ProcessHandle before = onlyDaemon();
        String second = build(Map.of("BERTH_TEST_VARIANT", "two"));
        assertTrue(before.onExit().orTimeout(30, TimeUnit.SECONDS).join() != null);
        assertNotEquals(before, onlyDaemon());
        assertEquals(first, second);
    }

    @Test
    void deletingTheSocket_stopsTheDaemon() throws Exception {
        build(Map.of());
        ProcessHandle daemon = onlyDaemon();
        Files.delete(data.resolve("daemon.sock"));
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
            return Files.readString(data.resolve("daemon.log"));
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth", "build", "--data",
                data.toString(), "--progress", "quiet", "--source-date-epoch", "1700000000"));
        command.addAll(List.of(extra));
        command.add(context.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
