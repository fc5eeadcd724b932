package dev.berth.cache.s3;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: S3Proxy (over jclouds' filesystem-nio2 store, in a temporary directory) on a
 * loopback port, with AWS signature authentication, started in the test's JVM.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "berth-test";
    public static final String SECRET_KEY = "berth-test-secret";

    /** S3Proxy's, Jetty's and jclouds' loggers, held so their quieter level stays set. */
    private static final List<Logger> QUIET = Stream.of("org.gaul", "org.eclipse.jetty", "org.jclouds",
            "org.gaul.shaded.org.eclipse.jetty").map(Logger::getLogger).peek(logger -> logger.setLevel(Level.WARNING))
            .toList();

    private final S3Proxy proxy;
    private final URI endpoint;

    private final Path directory;

    private S3ProxyServer(S3Proxy proxy, URI endpoint, Path directory) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.directory = directory;
    }

    public static S3ProxyServer start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // A store over a file system, as MinIO and others keep objects: one cannot hold both
        // an object a and an object a/b.
        Path directory = Files.createTempDirectory("berth-s3proxy");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        var store = ContextBuilder.newBuilder("filesystem-nio2").credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class).getBlobStore();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 100 && !AbstractLifeCycle.STARTED.equals(proxy.getState()); i++) {
            Thread.sleep(50);
        }
        return new S3ProxyServer(proxy, endpoint, directory);
    }

    /** Settings for a new bucket in this server, made now. */
    public S3Settings bucket(String name) {
        S3Settings settings = new S3Settings(name, "registry/", "us-east-1", Optional.of(endpoint), true);
        try (S3Client s3 = client(settings)) {
            s3.createBucket(request -> request.bucket(name));
        }
        return settings;
    }

    public S3Client client(S3Settings settings) {
        return S3Clients.of(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                SECRET_KEY)));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
