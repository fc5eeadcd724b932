package dev.berth.builder.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a build step's command under {@code runc}: writes a bundle (config.json, /etc/hosts, /etc/resolv.conf,
 * /etc/hostname), connects its network namespace when it has a {@link PrivateNetwork}, runs the container with only standard input (empty), output and error passed in, and always deletes
 * it afterwards, also when interrupted or when the builder is stopped with Ctrl-C.
 */
public final class RuncSandbox {

    private final RuntimeConfig runtimeConfig = new RuntimeConfig();

    private static final int TAIL = 20;

    private final String runtime;
    private final Path state;
    private final Path scratch;

    /** A sandbox using the given OCI runtime binary ({@code runc}), with its state and bundles under scratch. */
    public RuncSandbox(String runtime, Path scratch) {
        this.runtime = runtime;
        this.state = scratch.resolve("runc-state");
        this.scratch = scratch;
    }

    /** Runs the command, passing each output line to {@code output}, and returns how it ended. */
    public RunResult run(RunSpec spec, Consumer<String> output) throws SandboxException, IOException {
        String id = "berth-" + UUID.randomUUID();
        Path bundle = Files.createDirectories(scratch.resolve("bundles").resolve(id));
        Files.createDirectories(state);
        Thread cleanup = new Thread(() -> delete(id), "berth-sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (PrivateNetwork network = spec.network() instanceof RunSpec.Network.Private own
                ? PrivateNetwork.start(own.hostLoopback()) : null) {
            List<RunSpec.Mount> system = EtcFiles.write(bundle, spec);
            runtimeConfig.write(spec, bundle, SystemMounts.with(system), HostLimits.read(),
                    network != null ? network.namespace() : null);
            Process process;
            try {
                process = new ProcessBuilder(runtime, "--root", state.toString(), "run", "--bundle",
                        bundle.toString(), id)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
            } catch (IOException e) {
                throw new SandboxException("cannot start " + runtime + " (install it: apt-get install runc): "
                        + e.getMessage(), e);
            }
            Deque<String> tail = new ArrayDeque<>();
            try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.accept(line);
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
            }
            int exit = process.waitFor();
            return new RunResult(exit, List.copyOf(tail));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted; the step's container was stopped", e);
        } finally {
            delete(id);
            dev.berth.builder.image.RootfsExtractor.deleteTree(bundle);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: Ctrl-C; it stops the container.
            }
        }
    }

    /** Kills and removes the container, whatever state it is in. */
    private void delete(String id) {
        try {
            Process kill = new ProcessBuilder(runtime, "--root", state.toString(), "delete", "--force", id)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor();
        } catch (IOException e) {
            // Nothing was started.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
