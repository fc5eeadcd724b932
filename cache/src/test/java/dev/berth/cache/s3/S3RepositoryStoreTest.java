package dev.berth.cache.s3;

import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.repository.RepositoryStoreContract;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The repository store contract on S3 (S3Proxy, a real S3 server, started by the test); reopening is another node. */
class S3RepositoryStoreTest extends RepositoryStoreContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private S3Settings settings;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected RepositoryStore open() {
        settings = server.bucket("repositories-" + BUCKETS.incrementAndGet());
        return reopen();
    }

    @Override
    protected RepositoryStore reopen() {
        return new S3RepositoryStore(server.client(settings), settings, Clock.systemUTC());
    }
}
