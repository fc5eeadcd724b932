package dev.berth.builder.build;

import dev.berth.builder.cache.BuildCache;
import dev.berth.builder.cache.CacheEntry;
import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.copy.CopyException;
import dev.berth.builder.copy.CopyPlanner;
import dev.berth.builder.copy.Owner;
import dev.berth.builder.image.ImageFiles;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import dev.berth.builder.layer.LayerWriter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The directory WORKDIR names, made as BuildKit makes it whether or not a later step uses it: 0755, with missing
 * parents, owned by the stage's USER at that point (root when none). A directory the image has already is left
 * alone, and the step adds no layer.
 */
final class WorkdirStep {

    private final LayerWriter writer;
    private final BuildCache cache;
    private final BuildSettings settings;

    WorkdirStep(LayerWriter writer, BuildCache cache, BuildSettings settings) {
        this.writer = writer;
        this.cache = cache;
        this.settings = settings;
    }

    /** Makes the stage's working directory; empty when it exists already or is the root. */
    Optional<CopyStep.Outcome> run(Instruction.Workdir workdir, StageState state, CacheKey parent,
                                   CopyStep.ImageFilesProvider files) throws BuildException, IOException {
        String path = ImageFiles.clean(state.workdirOrRoot());
        ImageFiles image = files.current(state);
        if (path.isEmpty() || image.isDirectory(path)) {
            return Optional.empty();
        }
        Owner owner = owner(workdir, state, image);
        String history = "WORKDIR " + state.workdirOrRoot();
        CacheKey key = parent.then(history, owner.uid() + ":" + owner.gid());
        Optional<CacheEntry> hit = settings.noCache() ? Optional.empty() : cache.find(key);
        if (hit.isPresent()) {
            state.layers.add(hit.get().layer());
            return Optional.of(new CopyStep.Outcome(key, true, history, hit.get().created()));
        }
        CopyPlanner planner = new CopyPlanner(image, owner, null);
        try {
            planner.ensureDirectory(path);
        } catch (CopyException e) {
            throw new BuildException(workdir.location(), e.getMessage());
        }
        List<LayerEntry> entries = planner.entries();
        Layer layer = writer.write(entries, settings.compression(), settings.sourceDateEpoch());
        cache.put(new CacheEntry(key, layer, settings.started()));
        state.layers.add(layer);
        image.addLayer(layer, entries);
        return Optional.of(new CopyStep.Outcome(key, false, history, settings.started()));
    }

    private static Owner owner(Instruction.Workdir workdir, StageState state, ImageFiles image)
            throws BuildException, IOException {
        if (state.user == null || state.user.isEmpty()) {
            return Owner.ROOT;
        }
        try {
            return Owner.resolve(state.user, image);
        } catch (CopyException e) {
            throw new BuildException(workdir.location(), "WORKDIR " + state.workdirOrRoot() + " is made for USER "
                    + state.user + ", but " + e.getMessage().replace("--chown ", "")
                    + " (BuildKit fails here too: set USER after the user exists)");
        }
    }
}
