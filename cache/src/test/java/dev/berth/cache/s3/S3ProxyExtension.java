package dev.berth.cache.s3;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3Proxy server for a test class ({@code @RegisterExtension static}), with a fresh bucket per test. */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {

    private final AtomicInteger buckets = new AtomicInteger();
    private S3ProxyServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = S3ProxyServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** Settings for a new, empty bucket whose name begins with {@code prefix}. */
    public S3Settings freshBucket(String prefix) {
        return server.bucket(prefix + "-" + buckets.incrementAndGet());
    }

    public S3Client client(S3Settings settings) {
        return server.client(settings);
    }
}
