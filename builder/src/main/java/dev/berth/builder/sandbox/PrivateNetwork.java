package dev.berth.builder.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace of a step's own that reaches the network as the host does, through {@code slirp4netns}
 * (user-mode NAT, as rootless Podman and BuildKit use): the step sees loopback and {@code tap0} (10.0.2.100, gateway
 * 10.0.2.2, DNS 10.0.2.3 forwarding to the host's resolvers), and nothing of the host's interfaces or, unless asked,
 * of its loopback services.
 *
 * <p>The namespace is held by a {@code cat} that reads a pipe from the builder, and slirp4netns exits when its own
 * pipe closes: both go away on {@link #close()}, and also when the builder dies without cleaning up.
 */
final class PrivateNetwork implements AutoCloseable {

    /** The resolver slirp4netns serves inside the namespace. */
    static final String NAMESERVER = "10.0.2.3";

    private static final long READY_MILLIS = 10_000;

    private final Process holder;
    private final Process slirp;

    private PrivateNetwork(Process holder, Process slirp) {
        this.holder = holder;
        this.slirp = slirp;
    }

    /**
     * Creates the namespace and connects it.
     *
     * @param hostLoopback whether the step may reach the host's 127.0.0.1 services at 10.0.2.2
     */
    static PrivateNetwork start(boolean hostLoopback) throws SandboxException, IOException {
        Process holder = launch(List.of("unshare", "--net", "--", "cat"), "unshare (util-linux)");
        Process slirp = null;
        try {
            awaitOwnNamespace(holder);
            List<String> command = new ArrayList<>(List.of("slirp4netns", "--configure", "--mtu=65520",
                    "--enable-sandbox", "--exit-fd=0", "--ready-fd=1"));
            if (!hostLoopback) {
                command.add("--disable-host-loopback");
            }
            command.addAll(List.of(String.valueOf(holder.pid()), "tap0"));
            slirp = launch(command, "slirp4netns (apt-get install slirp4netns), or use --network=host");
            awaitReady(slirp);
            return new PrivateNetwork(holder, slirp);
        } catch (SandboxException | IOException | RuntimeException e) {
            stop(slirp);
            stop(holder);
            throw e;
        }
    }

    /** The namespace, for the runtime to join. */
    Path namespace() {
        return Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
    }

    @Override
    public void close() {
        stop(slirp);
        stop(holder);
    }

    private static Process launch(List<String> command, String needs) throws SandboxException {
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SandboxException("the default network needs " + needs + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code unshare} has moved into its new namespace (it does so before it runs {@code cat}). */
    private static void awaitOwnNamespace(Process holder) throws SandboxException, IOException {
        Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path theirs = Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
        long deadline = System.currentTimeMillis() + READY_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!holder.isAlive()) {
                throw new SandboxException("unshare --net exited with " + holder.exitValue()
                        + "; creating network namespaces needs root");
            }
            try {
                if (!Files.readSymbolicLink(theirs).equals(own)) {
                    return;
                }
                Thread.sleep(1);
            } catch (IOException raced) {
                // The process is between fork and exec; look again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while creating the network namespace", e);
            }
        }
        throw new SandboxException("unshare --net did not create a network namespace in " + READY_MILLIS + " ms");
    }

    /** Waits for slirp4netns to write "1" to its ready descriptor (standard output), once tap0 is configured. */
    private static void awaitReady(Process slirp) throws SandboxException, IOException {
        InputStream ready = slirp.getInputStream();
        int first = ready.read();
        if (first != '1') {
            String rest = new String(ready.readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new SandboxException("slirp4netns did not set up the network (exit "
                    + waitForExit(slirp) + ")" + (rest.isEmpty() ? "" : ": " + rest));
        }
    }

    private static int waitForExit(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Closes the process's pipe, which ends both holder and slirp4netns, and waits for it. */
    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed: the process is gone.
        }
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
