package dev.berth.conformance;

import dev.berth.cache.s3.S3Clients;
import dev.berth.cache.s3.S3Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in its own process: S3Proxy (from Maven Central) over its filesystem-nio2 store in a directory of
 * its own, with AWS signature authentication, on a loopback port. It can be stopped and started again on the same
 * port with the same data, as an S3 outage and its end.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "berth-test";
    public static final String SECRET_KEY = "berth-test-secret";
    public static final String REGION = "us-east-1";

    private final Path directory;
    private final int port;
    private Process process;

    private S3ProxyProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts S3Proxy with its data under {@code directory} and waits until it takes connections. */
    public static S3ProxyProcess start(Path directory) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3ProxyProcess s3 = new S3ProxyProcess(directory, port);
        s3.start();
        return s3;
    }

    /** Starts it (again) on its port, with the data it had. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(directory.resolve("store"));
        Path properties = directory.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + directory.resolve("store"),
                ""));
        Path logging = directory.resolve("logging.properties");
        // To a file: S3Proxy sends standard error to its log, which a console handler would write back there.
        Files.writeString(logging, String.join("\n", ".level=WARNING", "handlers=java.util.logging.FileHandler",
                "java.util.logging.FileHandler.pattern=" + directory.resolve("s3proxy-%u.log"),
                "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter", ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Xmx512m", "-Djava.util.logging.config.file=" + logging,
                "-cp", System.getProperty("java.class.path"), "org.gaul.s3proxy.Main", "--properties",
                properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("S3Proxy exited " + process.exitValue() + ":\n"
                        + Files.readString(directory.resolve("s3proxy.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("S3Proxy did not listen on " + port + " within 60 s");
    }

    /** Stops the server (SIGKILL: an outage, not a shutdown); its data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Makes a bucket. */
    public void createBucket(String name) {
        try (S3Client s3 = client()) {
            s3.createBucket(request -> request.bucket(name));
        }
    }

    /** A client of this server, as Berth makes them, with the server's credentials. */
    public S3Client client() {
        return S3Clients.of(new S3Settings("any", "", REGION, Optional.of(endpoint()), true),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** The environment a {@code berth serve} needs to keep its data in the bucket of this server. */
    public Map<String, String> environment(String bucket) {
        return Map.of("BERTH_S3_BUCKET", bucket, "BERTH_S3_ENDPOINT", endpoint().toString(),
                "BERTH_S3_REGION", REGION, "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
