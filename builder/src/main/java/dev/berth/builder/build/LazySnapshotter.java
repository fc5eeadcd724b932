package dev.berth.builder.build;

import dev.berth.builder.layer.Layer;
import dev.berth.builder.snapshot.Snapshot;
import dev.berth.builder.snapshot.Snapshotter;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Chooses the snapshotter on the first RUN that misses the cache, so a fully cached build never probes overlayfs
 * (which takes a test mount).
 */
final class LazySnapshotter implements Snapshotter {

    /** Makes the snapshotter to use. */
    interface Choice {
        Snapshotter choose() throws IOException, BuildException;
    }

    private final Choice choice;
    private Snapshotter chosen;

    LazySnapshotter(Choice choice) {
        this.choice = choice;
    }

    @Override
    public Snapshot prepare(List<Layer> layers, Set<String> mountFiles, Set<String> mountDirectories)
            throws IOException {
        return chosen().prepare(layers, mountFiles, mountDirectories);
    }

    private synchronized Snapshotter chosen() throws IOException {
        if (chosen == null) {
            try {
                chosen = choice.choose();
            } catch (BuildException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return chosen;
    }
}
