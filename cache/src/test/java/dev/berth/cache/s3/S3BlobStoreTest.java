package dev.berth.cache.s3;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.BlobStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blob store contract on S3: S3Proxy, a real S3 server, started by the test. */
class S3BlobStoreTest extends BlobStoreContract {

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    @Override
    protected BlobStore store() {
        S3Settings settings = S3.freshBucket("blobs");
        return new S3BlobStore(S3.client(settings), settings);
    }
}
