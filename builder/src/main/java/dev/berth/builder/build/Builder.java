package dev.berth.builder.build;

import dev.berth.builder.cache.BuildCache;
import dev.berth.builder.cache.CacheIndex;
import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.cache.CacheLocation;
import dev.berth.builder.cache.LocalCache;
import dev.berth.builder.cache.RegistryCache;
import dev.berth.builder.cache.SourceHasher;
import dev.berth.builder.context.BuildContext;
import dev.berth.builder.dockerfile.Dockerfile;
import dev.berth.builder.dockerfile.DockerfileException;
import dev.berth.builder.dockerfile.DockerfileParser;
import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.ImageWriter;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.instruction.InstructionException;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerWriter;
import dev.berth.builder.plan.BuildPlan;
import dev.berth.builder.plan.Stage;
import dev.berth.builder.progress.Progress;
import dev.berth.builder.sandbox.RuncSandbox;
import dev.berth.builder.snapshot.CopySnapshotter;
import dev.berth.builder.snapshot.OverlaySnapshotter;
import dev.berth.builder.snapshot.Snapshotter;
import dev.berth.builder.store.LocalImages;
import dev.berth.builder.substitution.ShellLex;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.client.ImagePuller;
import dev.berth.client.ImagePusher;
import dev.berth.client.RegistryClient;
import dev.berth.client.RegistryMirrors;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.Platform;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds images from Dockerfiles: plans the stages the target needs, runs independent stages in parallel, and writes
 * the result to the local image store and the requested outputs.
 *
 * <p>One builder serves its data directory for any number of builds, one at a time, and keeps what it learned warm
 * between them (context file digests, JSON readers and writers), as the build daemon does. It reads tags and image
 * records from disk on every build, since other processes may build into the same data directory.
 */
public final class Builder {

    private final ContentStore store;
    private final BuildCache cache;
    private final LocalImages localImages;
    private final LayerReader layerReader;
    private final ImageWriter imageWriter;
    private final SourceHasher hasher = new SourceHasher();
    private final Path scratch;
    private final Clock clock;
    private final Exporter exporter;
    private final Path hashMemo;
    private final Path cacheMounts;
    private final Path snapshotLayers;

    public Builder(Path dataDirectory, Clock clock) throws IOException {
        this.store = new ContentStore(DiskStorage.openShared(dataDirectory.resolve("store"), clock));
        this.cache = new BuildCache(dataDirectory.resolve("cache"), store);
        this.localImages = new LocalImages(store, clock);
        this.layerReader = new LayerReader(store);
        this.imageWriter = new ImageWriter(store);
        this.scratch = dataDirectory.resolve("tmp");
        this.clock = clock;
        this.exporter = new Exporter(store, layerReader, scratch);
        this.hashMemo = dataDirectory.resolve("cache").resolve("source-hashes.tsv");
        this.cacheMounts = dataDirectory.resolve("cache-mounts");
        this.snapshotLayers = dataDirectory.resolve("snapshots").resolve("layers");
        hasher.load(hashMemo);
    }

    /**
     * Pulls an image into the local store as {@code FROM} does (from its registry, under the policy if there is one)
     * and returns its manifest; a refusal is an {@link dev.berth.client.ImageRefusedException}.
     *
     * @param platform    os/arch[/variant] of a multi-platform image, else this machine's
     * @param insecure    registries reached over plain HTTP or unverified TLS
     * @param environment where registry logins are found
     */
    public Descriptor pull(Reference reference, Optional<String> platform, java.util.Set<String> insecure,
                           Map<String, String> environment, Optional<ImagePolicy> policy, Progress progress)
            throws IOException {
        Platform chosen = platform.isPresent() ? Platforms.parse(platform.get()) : Platforms.target();
        RegistryClient registries = new RegistryClient(Credentials.load(environment), insecure, environment);
        return new BaseImages(new ImagePuller(registries, store, RegistryMirrors.load(environment)), localImages,
                imageWriter, progress, true, policy).resolve(reference, chosen);
    }

    /** Builds the request, reporting its steps to progress; an output with {@code dest=-} is discarded. */
    public BuiltImage build(BuildRequest request, Progress progress) throws BuildException, IOException {
        return build(request, progress, java.io.OutputStream.nullOutputStream());
    }

    /** Builds the request, reporting its steps to progress; outputs with {@code dest=-} go to standardOutput. */
    public BuiltImage build(BuildRequest request, Progress progress, java.io.OutputStream standardOutput)
            throws BuildException, IOException {
        Dockerfile dockerfile = parse(request.dockerfile());
        RegistryClient registries = new RegistryClient(Credentials.load(request.environment()),
                request.insecureRegistries(), request.environment());
        BaseImages images = new BaseImages(new ImagePuller(registries, store,
                RegistryMirrors.load(request.environment())), localImages, imageWriter, progress, request.pull(),
                request.policy());
        cache.reset();
        importCaches(request.cacheFrom(), new ImagePuller(registries, store), progress);
        BuildPlan plan;
        List<Stage> stages;
        try {
            plan = BuildPlan.of(dockerfile, request.buildArgs(), Platforms.predefinedArgs());
            stages = plan.stagesFor(request.target());
        } catch (InstructionException e) {
            throw new BuildException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BuildException(e.getMessage());
        }
        BuildRequest.Sandboxing sandboxing = request.sandboxing();
        BuildSettings settings = new BuildSettings(request.buildArgs(), request.sourceDateEpoch(),
                clock.instant(),
                request.image().compression(), request.noCache(), sandboxing.network(), sandboxing.hostLoopback(),
                sandboxing.memoryLimit(), sandboxing.pidsLimit(), sandboxing.insecureAllowed());
        ShellLex lex = new ShellLex(dockerfile.directives().escape());
        BuildContext context = BuildContext.open(request.context(), request.dockerfile());
        CopyStep copies = new CopyStep(lex, context, hasher, new LayerWriter(store), cache, settings,
                scratch);
        Metadata metadata = new Metadata(lex);
        LazySnapshotter snapshots = new LazySnapshotter(() -> snapshotter(sandboxing.snapshotter()));
        RunStep runs = new RunStep(settings, cache, new LayerWriter(store), snapshots,
                new RuncSandbox("runc", scratch), scratch, progress);
        StageRun.Result result = runStages(stages, plan, new StageRun.Steps(metadata, copies, runs,
                new WorkdirStep(new LayerWriter(store), cache, settings)), settings, snapshots, images,
                context, sandboxing, progress);
        hasher.save(hashMemo);
        result.state().labels.putAll(request.image().labels());
        warnAboutUnusedBuildArgs(request.buildArgs(), plan, stages, progress);
        BuiltImage image = imageWriter.write(result.state().config(settings.started(), settings.sourceDateEpoch()),
                result.state().layers, request.image().format(), inlineCache(request, result.state().layers));
        for (String tag : request.tags()) {
            localImages.tag(Reference.parse(tag), image.manifest(), image.blobs());
        }
        ImagePusher pusher = new ImagePusher(registries, store);
        exporter.export(image, request.tags(), request.outputs(), pusher, standardOutput);
        for (CacheLocation location : request.cacheTo()) {
            try {
                switch (location) {
                    case CacheLocation.Registry registry ->
                            new RegistryCache(store).export(cache.used(), registry.reference(), pusher);
                    case CacheLocation.Local local -> new LocalCache(store).export(cache.used(), local.directory());
                    case CacheLocation.Inline inline -> {
                        continue;
                    }
                }
                progress.info("# exported the build cache to " + describe(location));
            } catch (IOException e) {
                throw new BuildException("exporting the build cache to " + describe(location) + " failed: "
                        + e.getMessage());
            }
        }
        return image;
    }

    /** With {@code --cache-to type=inline}: the cache of the image's own layers, for its config. */
    private Map<String, Object> inlineCache(BuildRequest request, List<Layer> layers) {
        if (request.cacheTo().stream().noneMatch(CacheLocation.Inline.class::isInstance)) {
            return Map.of();
        }
        java.util.Set<Layer> own = new java.util.HashSet<>(layers);
        return Map.of(CacheIndex.INLINE_FIELD, CacheIndex.of(cache.used().stream()
                .filter(entry -> own.contains(entry.layer())).toList()));
    }

    private static String describe(CacheLocation location) {
        return switch (location) {
            case CacheLocation.Registry registry -> registry.reference().toString();
            case CacheLocation.Local local -> local.directory().toString();
            case CacheLocation.Inline inline -> "the image's config";
        };
    }

    /** Build arguments that no ARG of the stages built declares are reported, as buildah and Docker report them. */
    private static void warnAboutUnusedBuildArgs(Map<String, String> buildArgs, BuildPlan plan, List<Stage> stages,
                                                 Progress progress) {
        java.util.Set<String> declared = new java.util.HashSet<>();
        plan.globalArgs().forEach(arg -> arg.arguments().forEach(kv -> declared.add(kv.key())));
        for (Stage stage : stages) {
            for (var instruction : stage.instructions()) {
                if (instruction instanceof dev.berth.builder.instruction.Instruction.Arg arg) {
                    arg.arguments().forEach(kv -> declared.add(kv.key()));
                }
            }
        }
        List<String> unused = buildArgs.keySet().stream()
                .filter(name -> !declared.contains(name) && !Metadata.isPredefined(name)).sorted().toList();
        if (!unused.isEmpty()) {
            progress.info("# warning: build arguments " + unused + " were not consumed: no ARG of the stages built "
                    + "declares them");
        }
    }

    /** overlayfs snapshots where they work (root, overlayfs, attr tools), else copy-and-diff ones. */
    private Snapshotter snapshotter(String mode) throws IOException, BuildException {
        Files.createDirectories(scratch);
        RootfsExtractor extractor = new RootfsExtractor(layerReader);
        if (mode.equals("copy")) {
            return new CopySnapshotter(extractor, scratch);
        }
        if (!OverlaySnapshotter.available(scratch)) {
            if (mode.equals("overlay")) {
                throw new BuildException("the overlay snapshotter needs root, overlayfs and the attr tools "
                        + "(apt-get install attr); use --snapshotter copy");
            }
            return new CopySnapshotter(extractor, scratch);
        }
        return new OverlaySnapshotter(extractor, snapshotLayers, scratch);
    }

    /** Imports each cache; one that cannot be read is reported and skipped, as a cold cache is no error. */
    private void importCaches(List<CacheLocation> locations, ImagePuller puller, Progress progress) {
        for (CacheLocation location : locations) {
            try {
                switch (location) {
                    case CacheLocation.Registry registry -> cache.addRemote(new RegistryCache(store)
                            .importFrom(registry.reference(), puller),
                            layer -> puller.blob(registry.reference(), layer.blob()));
                    case CacheLocation.Local local -> {
                        LocalCache layout = new LocalCache(store);
                        cache.addRemote(layout.importFrom(local.directory()),
                                layer -> layout.fetch(local.directory(), layer));
                    }
                    case CacheLocation.Inline inline -> throw new IOException("an inline cache is read with "
                            + "--cache-from type=registry,ref=IMAGE");
                }
                progress.info("# imported the build cache from " + describe(location));
            } catch (IOException e) {
                progress.info("# not using the build cache " + describe(location) + ": " + e.getMessage());
            }
        }
    }

    private Dockerfile parse(Path file) throws BuildException, IOException {
        try {
            return new DockerfileParser().parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BuildException("no Dockerfile at " + file + "; name one with -f");
        } catch (DockerfileException e) {
            throw new BuildException(e.getMessage());
        }
    }

    private StageRun.Result runStages(List<Stage> stages, BuildPlan plan, StageRun.Steps steps,
                                      BuildSettings settings, Snapshotter snapshots, BaseImages images,
                                      BuildContext context, BuildRequest.Sandboxing sandboxing, Progress progress)
            throws BuildException, IOException {
        Map<Integer, CompletableFuture<StageRun.Result>> runs = new java.util.concurrent.ConcurrentHashMap<>();
        try (StageSources sources = new StageSources(plan, runs, snapshots, images, imageWriter);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            RunMounts.Sources mountSources = new MountSources(context, sources, sandboxing.secrets(),
                    sandboxing.sshAgents(), cacheMounts);
            for (Stage stage : stages) {
                List<CompletableFuture<StageRun.Result>> needs = stage.dependsOn().stream().map(runs::get).toList();
                CompletableFuture<StageRun.Result> run = CompletableFuture
                        .allOf(needs.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ignored -> {
                            try {
                                StageRun.Base base = base(stage, runs, images, plan);
                                return new StageRun(stage, steps, layerReader, settings, plan.metaArgs(),
                                        progress, sources, mountSources).run(base);
                            } catch (BuildException | IOException e) {
                                throw new CompletionException(e);
                            }
                        }, executor);
                runs.put(stage.index(), run);
            }
            return runs.get(stages.getLast().index()).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BuildException build) {
                throw build;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new BuildException("build failed: " + cause, cause);
        }
    }

    /** The platform FROM asks for with --platform (global ARGs expanded), else the build's target platform. */
    private static dev.berth.oci.manifest.Platform platformOf(Stage stage, BuildPlan plan) throws BuildException {
        String flag = stage.from().platform();
        if (flag == null) {
            return Platforms.target();
        }
        try {
            return Platforms.parse(new ShellLex('\\').processWord(flag, plan.metaArgs()));
        } catch (dev.berth.builder.substitution.SubstitutionException | IllegalArgumentException e) {
            throw new BuildException(stage.from().location(), "invalid --platform: " + e.getMessage());
        }
    }

    private StageRun.Base base(Stage stage, Map<Integer, CompletableFuture<StageRun.Result>> runs, BaseImages images,
                               BuildPlan plan) throws BuildException, IOException {
        if (stage.baseStage() >= 0) {
            StageRun.Result parent = runs.get(stage.baseStage()).join();
            return StageRun.Base.ofStage(parent.state().config(clock.instant(), null), parent.state().layers, parent.key(),
                    parent.state().args);
        }
        if (stage.baseImage().equalsIgnoreCase("scratch")) {
            return StageRun.Base.ofImage(null, List.of(), CacheKey.base("scratch"));
        }
        Reference reference;
        try {
            reference = Reference.parse(stage.baseImage()).withDefaultTag();
        } catch (IllegalArgumentException e) {
            throw new BuildException(stage.from().location(), "invalid base image: " + e.getMessage());
        }
        Descriptor manifest = images.resolve(reference, platformOf(stage, plan), stage.from().location());
        BuiltImage image = imageWriter.read(manifest);
        return StageRun.Base.ofImage(image.config(), image.layers(), CacheKey.base(manifest.digest().toString()));
    }




}
