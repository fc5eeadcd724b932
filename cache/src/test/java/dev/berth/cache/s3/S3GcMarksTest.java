package dev.berth.cache.s3;

import dev.berth.cache.gc.GcMarks;
import dev.berth.cache.gc.GcMarksContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Garbage collection's marks in S3: S3Proxy, a real S3 server, started by the test. */
class S3GcMarksTest extends GcMarksContract {

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    @Override
    protected GcMarks marks() {
        S3Settings settings = S3.freshBucket("marks");
        return new S3GcMarks(S3.client(settings), settings);
    }
}
