package dev.berth.cache.s3;

import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.repository.RepositoryStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repository store contract on S3 (S3Proxy, a real S3 server, started by the test); reopening is another node. */
class S3RepositoryStoreTest extends RepositoryStoreContract {

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    private S3Settings settings;

    @Override
    protected RepositoryStore open() {
        settings = S3.freshBucket("repositories");
        return reopen();
    }

    @Override
    protected RepositoryStore reopen() {
        return new S3RepositoryStore(S3.client(settings), settings, Clock.systemUTC());
    }
}
