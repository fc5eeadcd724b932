package dev.berth.builder.build;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.ImageWriter;
import dev.berth.builder.instruction.Location;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.plan.BuildPlan;
import dev.berth.builder.plan.Stage;
import dev.berth.builder.snapshot.Snapshot;
import dev.berth.builder.snapshot.Snapshotter;
import dev.berth.client.RegistryClientException;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * COPY --from and RUN --mount=from sources: earlier stages by name or index, else images from the local store. A
 * source's filesystem is a snapshot of its layers, made when a step first needs it: with overlayfs a read-only look
 * at the layers each extracted once per diff ID, so copying from a large stage costs what is copied, not the stage.
 * Closing releases the snapshots.
 */
final class StageSources implements CopyStep.SourceImages, AutoCloseable {
    private final BuildPlan plan;
    private final Map<Integer, CompletableFuture<StageRun.Result>> runs;
    private final Snapshotter snapshots;
    private final BaseImages images;
    private final ImageWriter imageWriter;
    private final Map<String, Snapshot> views = new ConcurrentHashMap<>();

    StageSources(BuildPlan plan, Map<Integer, CompletableFuture<StageRun.Result>> runs, Snapshotter snapshots,
                 BaseImages images, ImageWriter imageWriter) {
        this.plan = plan;
        this.runs = runs;
        this.snapshots = snapshots;
        this.images = images;
        this.imageWriter = imageWriter;
    }

    @Override
    public Source source(String from, Location at)
            throws BuildException, IOException {
        Optional<Stage> stage = plan.stageNamed(from);
        if (stage.isEmpty() && from.matches("\\d+") && Integer.parseInt(from) < plan.stages().size()) {
            stage = Optional.of(plan.stages().get(Integer.parseInt(from)));
        }
        if (stage.isPresent()) {
            StageRun.Result result = runs.get(stage.get().index()).join();
            String identity = "stage " + result.key().digest();
            return new Source(identity, () -> extract(identity, result.state().layers));
        }
        Reference reference;
        try {
            reference = Reference.parse(from).withDefaultTag();
        } catch (IllegalArgumentException e) {
            throw new BuildException(at, "--from=" + from + " names no stage and no valid image: "
                    + e.getMessage());
        }
        Descriptor manifest;
        try {
            manifest = images.resolve(reference, Platforms.target());
        } catch (RegistryClientException e) {
            throw new BuildException(at, "--from=" + from + " is neither a stage of this Dockerfile ("
                    + stageNames() + ") nor an image that can be pulled (" + reference + ": " + e.getMessage() + ")");
        } catch (dev.berth.client.ImageRefusedException e) {
            throw new BuildException(at, "--from=" + from + ": " + e.getMessage());
        }
        BuiltImage image = imageWriter.read(manifest);
        String identity = "image " + manifest.digest();
        return new Source(identity, () -> extract(identity, image.layers()));
    }

    private String stageNames() {
        List<String> names = plan.stages().stream().map(stage -> stage.name() != null ? stage.name()
                : Integer.toString(stage.index())).toList();
        return "its stages are " + String.join(", ", names);
    }

    private synchronized Path extract(String identity, List<Layer> layers) throws IOException {
        Snapshot view = views.get(identity);
        if (view == null) {
            view = snapshots.prepare(layers, java.util.Set.of(), java.util.Set.of());
            views.put(identity, view);
        }
        return view.rootfs();
    }

    /** Releases the sources' snapshots (unmounting overlays); the first failure is thrown after all are tried. */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (Snapshot view : views.values()) {
            try {
                view.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        views.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
