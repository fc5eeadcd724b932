package dev.berth.cache.disk;

import dev.berth.cache.repository.CachingRepositoryStore;
import dev.berth.cache.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the local-disk storage under a data directory. */
public final class DiskStorage {

    private DiskStorage() {
    }

    /**
     * Opens (creating if needed) the storage under {@code root}; upload sessions left by an earlier process are kept
     * and can be resumed.
     */
    public static Storage open(Path root, Clock clock) throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new IOException("data directory " + root + " is not writable: choose another with --data");
        }
        DiskLayout layout = new DiskLayout(root.toAbsolutePath());
        DurableFiles files = new DurableFiles(layout.tmp());
        files.removeLeftovers();
        Json json = new Json();
        DiskBlobStore blobs = new DiskBlobStore(layout, files);
        return new Storage(
                blobs,
                new DiskUploadStore(layout, files, blobs, json, clock),
                new CachingRepositoryStore(new DiskRepositoryStore(layout, files, json, clock)));
    }
}
