package dev.berth.cache.s3;

import dev.berth.cache.settings.SettingsStore;
import dev.berth.cache.settings.SettingsStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry's settings documents in S3: S3Proxy, a real S3 server, started by the test. */
class S3SettingsStoreTest extends SettingsStoreContract {

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    @Override
    protected SettingsStore store() {
        S3Settings settings = S3.freshBucket("settings");
        return new S3SettingsStore(S3.client(settings), settings);
    }
}
