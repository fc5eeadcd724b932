package dev.berth.builder.snapshot;

import dev.berth.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A writable root filesystem for one build step; what the step changed becomes the step's layer. */
public interface Snapshot extends AutoCloseable {

    Path rootfs();

    /**
     * What changed since the snapshot was prepared, as layer entries (deletions as whiteouts). Paths in
     * {@code mountpoints} that did not exist before (created only to mount something on) are left out.
     */
    List<LayerEntry> changes(Set<String> mountpoints) throws IOException;

    @Override
    void close() throws IOException;
}
