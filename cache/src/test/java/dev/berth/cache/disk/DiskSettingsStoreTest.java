package dev.berth.cache.disk;

import dev.berth.cache.settings.SettingsStore;
import dev.berth.cache.settings.SettingsStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The registry's settings documents on local disk. */
class DiskSettingsStoreTest extends SettingsStoreContract {

    @TempDir
    Path root;

    @Override
    protected SettingsStore store() throws Exception {
        return DiskStorage.open(Files.createTempDirectory(root, "store"), Clock.systemUTC()).settings();
    }
}
