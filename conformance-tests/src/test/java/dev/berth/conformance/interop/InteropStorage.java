package dev.berth.conformance.interop;

import dev.berth.conformance.S3ProxyProcess;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where the {@code berth serve} processes of the interop suites keep their data: the data directory (the default),
 * or, with {@code BERTH_INTEROP_STORAGE=s3}, a bucket of its own per data directory on one S3 server (S3Proxy in a
 * process of its own) that the whole test run shares, so the same suites run on both backends.
 */
final class InteropStorage {

    static final String VARIABLE = "BERTH_INTEROP_STORAGE";

    private static final Map<Path, String> BUCKETS = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static volatile S3ProxyProcess server;

    private InteropStorage() {
    }

    static boolean s3() {
        return "s3".equals(System.getenv(VARIABLE));
    }

    /** The environment a server over this data directory needs: none on disk, its bucket on S3. */
    static Map<String, String> environment(Path data) throws IOException, InterruptedException {
        if (!s3()) {
            return Map.of();
        }
        S3ProxyProcess s3 = server();
        String bucket = BUCKETS.computeIfAbsent(data.toAbsolutePath(), dir -> {
            String name = "interop-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
            s3.createBucket(name);
            return name;
        });
        return s3.environment(bucket);
    }

    /**
     * Checks every blob at rest for the data directory's server: each file under {@code blobs/}, or each object of
     * its bucket's {@code blobs/}, hashes to the digest it is stored under; returns how many there are.
     */
    static int assertEveryBlobMatchesItsDigest(Path data) throws IOException {
        if (!s3()) {
            try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
                List<Path> blobs = files.filter(Files::isRegularFile).toList();
                for (Path blob : blobs) {
                    try (InputStream in = Files.newInputStream(blob)) {
                        requireDigest(blob.toString(), blob.getFileName().toString(), in);
                    }
                }
                return blobs.size();
            }
        }
        String bucket = Optional.ofNullable(BUCKETS.get(data.toAbsolutePath())).orElseThrow(() ->
                new AssertionError("no server was started over " + data));
        try (S3Client s3 = server.client()) {
            List<S3Object> blobs = s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("blobs/"))
                    .contents().stream().filter(object -> !object.key().endsWith("/")).toList();
            for (S3Object blob : blobs) {
                try (InputStream in = s3.getObject(request -> request.bucket(bucket).key(blob.key()))) {
                    requireDigest(bucket + "/" + blob.key(), blob.key().substring(blob.key().lastIndexOf('/') + 1),
                            in);
                }
            }
            return blobs.size();
        }
    }

    private static void requireDigest(String where, String hex, InputStream in) throws IOException {
        DigestingInputStream hashing = new DigestingInputStream(in, DigestAlgorithm.SHA256);
        hashing.transferTo(OutputStream.nullOutputStream());
        if (!hashing.digest().hex().equals(hex)) {
            throw new AssertionError("blob " + where + " does not hash to its name");
        }
    }

    /** The S3 server of this test run, started when first needed and stopped when the JVM exits. */
    private static synchronized S3ProxyProcess server() throws IOException, InterruptedException {
        if (server == null) {
            Path directory = Files.createTempDirectory("berth-interop-s3");
            server = S3ProxyProcess.start(directory);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return server;
    }
}
