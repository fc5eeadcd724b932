package dev.berth.cache.disk;

import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.BlobStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on local disk. */
class DiskBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    @Override
    protected BlobStore store() throws Exception {
        return DiskStorage.open(Files.createTempDirectory(root, "store"), Clock.systemUTC()).blobs();
    }
}
