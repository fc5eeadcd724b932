package dev.berth.builder.snapshot;

import dev.berth.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A writable root filesystem for one build step; what the step changed becomes the step's layer. */
public interface Snapshot extends AutoCloseable {

    Path rootfs();

    /**
     * What changed since the snapshot was prepared, as layer entries (deletions as whiteouts); new paths in
     * {@code leaveOut} (mount targets made for the step) are not changes.
     */
    List<LayerEntry> changes(java.util.Set<String> leaveOut) throws IOException;

    @Override
    void close() throws IOException;
}
