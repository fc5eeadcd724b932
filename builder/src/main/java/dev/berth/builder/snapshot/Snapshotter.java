package dev.berth.builder.snapshot;

import dev.berth.builder.layer.Layer;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Makes writable root filesystems for build steps from an image's layers. */
public interface Snapshotter {

    /**
     * A writable filesystem of the layers. The mount points the sandbox needs (files such as {@code etc/hosts}, and
     * directories) exist in it without counting as changes.
     */
    Snapshot prepare(List<Layer> layers, Set<String> mountFiles, Set<String> mountDirectories) throws IOException;
}
