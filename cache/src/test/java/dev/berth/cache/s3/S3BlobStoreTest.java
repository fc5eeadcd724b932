package dev.berth.cache.s3;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.BlobStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The blob store contract on S3: S3Proxy, a real S3 server, started by the test. */
class S3BlobStoreTest extends BlobStoreContract {

    private static S3ProxyServer server;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected BlobStore store() {
        S3Settings settings = server.bucket("blobs-" + BUCKETS.incrementAndGet());
        return new S3BlobStore(server.client(settings), settings);
    }
}
