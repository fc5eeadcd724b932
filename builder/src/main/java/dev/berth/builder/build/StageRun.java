package dev.berth.builder.build;

import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.dockerfile.DockerfileException;
import dev.berth.builder.dockerfile.DockerfileParser;
import dev.berth.builder.dockerfile.Node;
import dev.berth.builder.image.ImageFiles;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.instruction.InstructionException;
import dev.berth.builder.instruction.InstructionParser;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.plan.Stage;
import dev.berth.builder.progress.Progress;
import dev.berth.builder.substitution.SubstitutionException;
import dev.berth.oci.manifest.ImageConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the instructions of one stage on top of its base, step by step, reporting each. */
final class StageRun {

    /** The step runners a stage uses. */
    record Steps(Metadata metadata, CopyStep copies, RunStep runs, WorkdirStep workdirs) {
    }

    private final Stage stage;
    private final Metadata metadata;
    private final CopyStep copies;
    private final RunStep runs;
    private final WorkdirStep workdirs;
    private final RunMounts.Sources mountSources;
    private final LayerReader layerReader;
    private final BuildSettings settings;
    private final Map<String, String> globalArgs;
    private final Progress progress;
    private final CopyStep.SourceImages sourceImages;
    private ImageFiles files;

    StageRun(Stage stage, Steps steps, LayerReader layerReader, BuildSettings settings,
             Map<String, String> globalArgs, Progress progress, CopyStep.SourceImages sourceImages,
             RunMounts.Sources mountSources) {
        this.stage = stage;
        this.metadata = steps.metadata();
        this.copies = steps.copies();
        this.runs = steps.runs();
        this.workdirs = steps.workdirs();
        this.mountSources = mountSources;
        this.layerReader = layerReader;
        this.settings = settings;
        this.globalArgs = globalArgs;
        this.progress = progress;
        this.sourceImages = sourceImages;
    }

    /** What a finished stage hands on: its state and the key of its last step. */
    record Result(StageState state, CacheKey key) {
    }

    Result run(Base base) throws BuildException, IOException {
        StageState state = StageState.from(base.config(), base.layers());
        state.args.putAll(base.args());
        CacheKey key = base.key();
        List<Instruction> instructions = new ArrayList<>(base.stage() ? List.of() : triggers(state));
        state.onBuild.clear();
        instructions.addAll(stage.instructions());
        int step = 0;
        for (Instruction instruction : instructions) {
            step++;
            String label = "[" + stage.label() + " " + step + "/" + instructions.size() + "] "
                    + abbreviate(instruction.location().text());
            Instant start = Instant.now();
            progress.started(label);
            boolean cached = false;
            try {
                switch (instruction) {
                    case Instruction.Copy copy -> {
                        CopyStep.Outcome outcome = copies.run(copy, state, key, this::filesOf, sourceImages);
                        key = outcome.key();
                        cached = outcome.cached();
                        record(state, outcome.history(), outcome.created(), true);
                    }
                    case Instruction.Run run -> {
                        CopyStep.Outcome outcome = runs.run(run, state, key, mountSources, stage.label());
                        key = outcome.key();
                        cached = outcome.cached();
                        record(state, outcome.history(), outcome.created(), true);
                    }
                    case Instruction.Workdir workdir -> {
                        key = key.then(metadata.apply(workdir, state, settings.buildArgs(), globalArgs));
                        var made = workdirs.run(workdir, state, key, this::filesOf);
                        key = made.map(CopyStep.Outcome::key).orElse(key);
                        cached = made.map(CopyStep.Outcome::cached).orElse(false);
                        record(state, "WORKDIR " + state.workdirOrRoot(),
                                made.map(CopyStep.Outcome::created).orElse(null), false);
                    }
                    case Instruction.From from -> throw new BuildException(from.location(),
                            "FROM inside a stage is not possible");
                    default -> {
                        String history = metadata.apply(instruction, state, settings.buildArgs(), globalArgs);
                        key = key.then(history);
                        record(state, history, null, false);
                    }
                }
            } catch (SubstitutionException e) {
                throw new BuildException(instruction.location(), e.getMessage());
            }
            progress.finished(label, Duration.between(start, Instant.now()), cached);
        }
        return new Result(state, key);
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 100 ? line : line.substring(0, 97) + "...";
    }

    /**
     * Adds a step's history entry: a layer step's carries the time its layer was made (no later than
     * SOURCE_DATE_EPOCH); a metadata step's is filled in when the config is written ({@link HistoryTimes}). Steps
     * that ran a command or copied files are marked {@code # berth}, as BuildKit marks its own.
     */
    private void record(StageState state, String history, Instant layerCreated, boolean byBerth) {
        Instant epoch = settings.sourceDateEpoch();
        Instant time = layerCreated == null ? null
                : epoch != null && layerCreated.isAfter(epoch) ? epoch : layerCreated;
        state.history.add(new ImageConfig.History(time == null ? null : time.toString(),
                history + (byBerth ? " # berth" : ""), null, null, layerCreated == null));
    }

    /** The base image's ONBUILD triggers, which run first. */
    private List<Instruction> triggers(StageState state) throws BuildException {
        List<Instruction> triggers = new ArrayList<>();
        InstructionParser parser = new InstructionParser();
        for (String trigger : state.onBuild) {
            try {
                for (Node node : new DockerfileParser().parse("ONBUILD trigger", trigger).nodes()) {
                    triggers.add(parser.parse(stage.from().location().file() + " (ONBUILD of the base image)", node));
                }
            } catch (DockerfileException | InstructionException e) {
                throw new BuildException(stage.from().location(), "the base image's ONBUILD trigger '" + trigger
                        + "' is invalid: " + e.getMessage());
            }
        }
        return triggers;
    }

    /** The stage's filesystem index, brought up to date with layers added since it was last used. */
    private ImageFiles filesOf(StageState state) throws IOException {
        if (files == null) {
            files = new ImageFiles(layerReader);
        }
        List<Layer> layers = state.layers;
        for (int i = files.layers().size(); i < layers.size(); i++) {
            files.addLayer(layers.get(i));
        }
        return files;
    }

    /**
     * Where a stage starts: a config and layers (none for scratch), the cache key they stand for, and, for a stage
     * built on another stage, the build arguments that stage declared, which it inherits as in BuildKit. ONBUILD
     * triggers run only when the base is an image; BuildKit drops them when the base is a stage.
     */
    record Base(ImageConfig config, List<Layer> layers, CacheKey key, Map<String, String> args, boolean stage) {

        static Base ofImage(ImageConfig config, List<Layer> layers, CacheKey key) {
            return new Base(config, layers, key, Map.of(), false);
        }

        static Base ofStage(ImageConfig config, List<Layer> layers, CacheKey key, Map<String, String> args) {
            return new Base(config, layers, key, Map.copyOf(args), true);
        }
    }
}
