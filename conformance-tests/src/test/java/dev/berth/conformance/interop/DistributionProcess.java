package dev.berth.conformance.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * CNCF Distribution 2.8 (Debian's {@code docker-registry}) on a loopback port, with htpasswd (bcrypt) basic
 * authentication: a registry that needs a login, as private registries do. Stopped by its PID.
 */
final class DistributionProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private DistributionProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the registry under {@code root} with one user. */
    static DistributionProcess startWithLogin(Path root, String user, String password)
            throws IOException, InterruptedException {
        return startWithLogin(root, user, password, "warn");
    }

    /** As above, logging at the given level ({@code info} logs every request, for tests that count them). */
    static DistributionProcess startWithLogin(Path root, String user, String password, String logLevel)
            throws IOException, InterruptedException {
        Files.createDirectories(root);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        Files.writeString(root.resolve("htpasswd"), user + ":" + OpenBSDBCrypt.generate("2y", password.toCharArray(),
                salt, 10) + "\n");
        Files.writeString(root.resolve("config.yml"), """
                version: 0.1
                log:
                  level: %s
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: berth-test
                    path: %s
                """.formatted(logLevel, root.resolve("data"), port, root.resolve("htpasswd")));
        Process process = new ProcessBuilder(List.of("docker-registry", "serve", root.resolve("config.yml")
                .toString())).redirectErrorStream(true).redirectOutput(root.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new AssertionError("docker-registry did not start:\n"
                            + Files.readString(root.resolve("registry.log")));
                }
                Thread.sleep(100);
            }
        }
        return new DistributionProcess(process, port, root.resolve("registry.log"));
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** What it has logged so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
