package dev.berth.cache.s3;

import dev.berth.cache.gc.GcMarks;
import dev.berth.cache.gc.GcMarksContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Garbage collection's marks in S3: S3Proxy, a real S3 server, started by the test. */
class S3GcMarksTest extends GcMarksContract {

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
    protected GcMarks marks() {
        S3Settings settings = server.bucket("marks-" + BUCKETS.incrementAndGet());
        return new S3GcMarks(server.client(settings), settings);
    }
}
