package dev.berth.cache.disk;

import dev.berth.cache.gc.GcMarks;
import dev.berth.cache.gc.GcMarksContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection's marks on local disk. */
class DiskGcMarksTest extends GcMarksContract {

    @TempDir
    Path root;

    @Override
    protected GcMarks marks() throws Exception {
        return DiskStorage.open(Files.createTempDirectory(root, "store"), Clock.systemUTC()).marks();
    }
}
