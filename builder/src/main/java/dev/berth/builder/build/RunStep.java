package dev.berth.builder.build;

import dev.berth.builder.cache.BuildCache;
import dev.berth.builder.cache.CacheEntry;
import dev.berth.builder.cache.CacheKey;
import dev.berth.builder.dockerfile.Heredoc;
import dev.berth.builder.instruction.CommandLine;
import dev.berth.builder.instruction.Instruction;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import dev.berth.builder.layer.LayerWriter;
import dev.berth.builder.progress.Progress;
import dev.berth.builder.sandbox.RunResult;
import dev.berth.builder.sandbox.RunSpec;
import dev.berth.builder.sandbox.RuncSandbox;
import dev.berth.builder.sandbox.SandboxException;
import dev.berth.builder.snapshot.Snapshot;
import dev.berth.builder.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RUN: the command in a runc sandbox on a snapshot of the stage's filesystem; what it changed becomes the layer. The
 * cache key covers the command, its environment, user, working directory, network and mounts.
 */
final class RunStep {

    private static final Set<String> RUNTIME_FILES = Set.of("etc/hosts", "etc/resolv.conf", "etc/hostname");
    private static final Set<String> RUNTIME_DIRECTORIES = Set.of("proc", "dev", "sys");

    private final BuildSettings settings;
    private final BuildCache cache;
    private final LayerWriter writer;
    private final Snapshotter snapshots;
    private final RuncSandbox sandbox;
    private final Path scratch;
    private final Progress progress;

    RunStep(BuildSettings settings, BuildCache cache, LayerWriter writer, Snapshotter snapshots,
            RuncSandbox sandbox, Path scratch, Progress progress) {
        this.settings = settings;
        this.cache = cache;
        this.writer = writer;
        this.snapshots = snapshots;
        this.sandbox = sandbox;
        this.scratch = scratch;
        this.progress = progress;
    }

    CopyStep.Outcome run(Instruction.Run run, StageState state, CacheKey parent, RunMounts.Sources sources,
                         String stage) throws BuildException, IOException {
        List<String> argv = argv(run, state);
        String network = run.network() != null ? run.network() : settings.network();
        List<RunMounts.Spec> mountSpecs = new ArrayList<>();
        for (String mount : run.mounts()) {
            mountSpecs.add(RunMounts.parse(mount, run.location()));
        }
        List<String> env = environment(state, mountSpecs);
        boolean insecure = insecure(run);
        String history = "RUN " + String.join(" ", argv);
        CacheKey key = parent.then(history, String.join("\n", env), String.valueOf(state.user),
                state.workdirOrRoot(), network, String.join("\n", run.mounts()), insecure ? "insecure" : "sandbox");
        Optional<CacheEntry> hit = settings.noCache() ? Optional.empty() : cache.find(key);
        if (hit.isPresent()) {
            state.layers.add(hit.get().layer());
            return new CopyStep.Outcome(key, true, history, hit.get().created());
        }
        Set<String> mountFiles = new HashSet<>(RUNTIME_FILES);
        Set<String> mountTargets = new HashSet<>();
        for (RunMounts.Spec spec : mountSpecs) {
            (RunMounts.mountsAFile(spec) ? mountFiles : mountTargets).add(RunMounts.targetPath(spec));
        }
        try (Snapshot snapshot = snapshots.prepare(state.layers, mountFiles, RUNTIME_DIRECTORIES);
             RunMounts.Prepared mounts = RunMounts.toMounts(mountSpecs, sources, scratch, run.location())) {
            Path rootfs = snapshot.rootfs();
            UserIds user = UserIds.resolve(state.user, rootfs, run.location());
            createWorkdir(rootfs, state.workdirOrRoot(), user);
            RunSpec spec = new RunSpec(rootfs, argv, env, state.workdirOrRoot(), user.uid(), user.gid(),
                    user.groups(), network(network),
                    mounts.mounts(), "berth-build", settings.memoryLimit(), settings.pidsLimit(), insecure);
            RunResult result = sandbox.run(spec, line -> progress.output(stage, line));
            if (!result.succeeded()) {
                throw new BuildException(run.location(), "RUN failed with exit code " + result.exitCode()
                        + (result.lastLines().isEmpty() ? "" : "; its last output:\n  "
                        + String.join("\n  ", result.lastLines())));
            }
            List<LayerEntry> entries = snapshot.changes(mountTargets);
            for (LayerEntry entry : entries) {
                if (entry.namedLikeAWhiteout()) {
                    throw new BuildException(run.location(), "RUN made /" + entry.path() + ", but a layer cannot "
                            + "hold a file named .wh.*, as image readers take it for the deletion of a file; "
                            + "remove or rename it in the same RUN");
                }
            }
            Layer layer = writer.write(entries, settings.compression(), settings.sourceDateEpoch());
            cache.put(new CacheEntry(key, layer, settings.started()));
            state.layers.add(layer);
            return new CopyStep.Outcome(key, false, history, settings.started());
        } catch (SandboxException e) {
            throw new BuildException(run.location(), "RUN could not run: " + e.getMessage());
        }
    }

    /** Whether the step runs without the sandbox's limits, which the build must have been allowed. */
    private boolean insecure(Instruction.Run run) throws BuildException {
        if (!"insecure".equals(run.security())) {
            return false;
        }
        if (!settings.insecureAllowed()) {
            throw new BuildException(run.location(), "RUN --security=insecure needs the security.insecure "
                    + "entitlement: pass --allow security.insecure to berth build if you trust this Dockerfile");
        }
        return true;
    }

    private RunSpec.Network network(String name) {
        return switch (name) {
            case "none" -> new RunSpec.Network.None();
            case "host" -> new RunSpec.Network.Host();
            default -> new RunSpec.Network.Private(settings.hostLoopback());
        };
    }

    /** Creates the working directory if missing, the missing parts owned by the step's user, as BuildKit does. */
    private static void createWorkdir(Path rootfs, String workdir, UserIds user) throws IOException {
        Path current = rootfs.toRealPath();
        for (String part : workdir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Path next = dev.berth.builder.image.RootfsExtractor.resolveInside(rootfs.toRealPath(),
                    rootfs.toRealPath().relativize(current.resolve(part)).toString(), true);
            if (!Files.exists(next)) {
                Files.createDirectory(next);
                Files.setAttribute(next, "unix:uid", user.uid());
                Files.setAttribute(next, "unix:gid", user.gid());
            }
            current = next;
        }
    }

    /** The argument vector: exec form as is; shell form in the stage's shell; a lone here-document as a script. */
    private static List<String> argv(Instruction.Run run, StageState state) {
        List<String> shell = state.shellOrDefault();
        return switch (run.command()) {
            case CommandLine.ExecForm exec -> exec.arguments();
            case CommandLine.ShellForm form -> {
                String command = form.command().strip();
                if (run.heredocs().isEmpty()) {
                    yield form.argv(shell);
                }
                Heredoc first = run.heredocs().getFirst();
                if (command.equals("<<" + first.name()) || command.equals("<<-" + first.name())) {
                    String script = first.content();
                    if (script.startsWith("#!")) {
                        String interpreter = script.lines().findFirst().orElse("#!/bin/sh").substring(2).strip();
                        List<String> argv = new ArrayList<>(List.of(interpreter.split("\\s+")));
                        argv.addAll(List.of("-c", script));
                        yield argv;
                    }
                    List<String> argv = new ArrayList<>(shell);
                    argv.add(script);
                    yield argv;
                }
                StringBuilder text = new StringBuilder(form.command());
                for (Heredoc heredoc : run.heredocs()) {
                    text.append('\n').append(heredoc.content()).append(heredoc.name());
                }
                List<String> argv = new ArrayList<>(shell);
                argv.add(text.toString());
                yield argv;
            }
        };
    }

    /** Build arguments, then ENV (which wins), with a default PATH as Docker sets one. */
    /** The step's environment: its ARGs and ENVs, a default PATH, and SSH_AUTH_SOCK at its first SSH mount. */
    private static List<String> environment(StageState state, List<RunMounts.Spec> mounts) {
        Map<String, String> env = new LinkedHashMap<>(state.args);
        env.putAll(state.env);
        env.putIfAbsent("PATH", StageState.DEFAULT_PATH);
        mounts.stream().filter(mount -> mount.type().equals("ssh")).findFirst()
                .ifPresent(ssh -> env.put("SSH_AUTH_SOCK", "/" + RunMounts.targetPath(ssh)));
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
