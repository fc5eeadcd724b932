package dev.berth.conformance.interop;

import dev.berth.client.tls.TrustEverything;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code berth serve} as its own process, the way users run it, on a loopback port and a given data directory (or,
 * with {@code BERTH_INTEROP_STORAGE=s3}, that directory's bucket: {@link InteropStorage}); it can be stopped with
 * SIGTERM or killed with SIGKILL.
 */
public final class BerthProcess implements AutoCloseable {

    private static final Path JVM_SETTINGS =
            Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/serve-jvm.args");

    private final Process process;
    private final int port;
    private final Path log;
    private final boolean secure;

    private BerthProcess(Process process, int port, Path log, boolean secure) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.secure = secure;
    }

    /** Starts the server on a free port, with these extra options, and waits until it answers {@code GET /healthz}. */
    public static BerthProcess start(Path data, String... options) throws IOException, InterruptedException {
        return start(data, freePort(), options);
    }

    /** Starts the server on this port (from {@link #freePort()}, for configs that must name it beforehand). */
    public static BerthProcess start(Path data, int port, String... options) throws IOException, InterruptedException {
        return start(data, port, InteropStorage.environment(data), options);
    }

    /** Starts the server on this port with these environment variables (such as {@code BERTH_S3_BUCKET}). */
    public static BerthProcess start(Path data, int port, Map<String, String> environment, String... options)
            throws IOException, InterruptedException {
        Path log = data.resolveSibling(data.getFileName() + "-" + port + ".log");
        List<String> command = serve("--listen", "127.0.0.1:" + port, "--data", data.toString());
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        BerthProcess berth = new BerthProcess(process, port, log, command.contains("--tls-cert"));
        berth.awaitReady();
        return berth;
    }

    /** How a {@code berth serve} that was expected to stop by itself ended. */
    public record Exit(int code, String output) {
    }

    /**
     * Runs {@code berth serve} with these arguments where it is expected to refuse to start; fails if it is still
     * running after 60 s.
     */
    public static Exit refusing(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = serve(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("berth serve " + String.join(" ", args) + " kept running:\n"
                    + Files.readString(log));
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }

    /** The command line of {@code berth serve}, with the JVM settings the launcher gives it (its bounded heap). */
    private static List<String> serve(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "@" + JVM_SETTINGS,
                "-cp", System.getProperty("java.class.path"), "dev.berth.cli.Berth", "serve"));
        command.addAll(List.of(args));
        return command;
    }

    /** What the server logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** host:port, as clients name the registry. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public URI url() {
        return URI.create((secure ? "https://" : "http://") + address());
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for a clean exit; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("berth serve did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = secure ? HttpClient.newBuilder().sslContext(TrustEverything.context()).build()
                : HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("berth serve exited " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url().resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("berth serve did not answer within 60 s:\n" + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
