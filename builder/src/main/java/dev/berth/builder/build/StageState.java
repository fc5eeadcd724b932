package dev.berth.builder.build;

import dev.berth.builder.layer.Layer;
import dev.berth.oci.manifest.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image a stage is building, as it stands after each instruction: its config, layers and history. Mutable, and
 * owned by the one thread running the stage.
 */
final class StageState {

    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, String> labels = new TreeMap<>();
    final Map<String, Map<String, Object>> exposedPorts = new TreeMap<>();
    final Map<String, Map<String, Object>> volumes = new TreeMap<>();
    final List<Layer> layers = new ArrayList<>();
    final List<ImageConfig.History> history = new ArrayList<>();
    final List<String> onBuild = new ArrayList<>();
    List<String> cmd;
    boolean cmdSetInStage;
    List<String> entrypoint;
    List<String> shell;
    String user;
    String workdir;
    String stopSignal;
    String author;
    ImageConfig.HealthConfig healthcheck;
    String os = "linux";
    String architecture = "amd64";
    String variant;
    String osVersion;
    List<String> osFeatures;
    /** Docker's flag that CMD is pre-escaped; BuildKit sets it on CMD and carries it from the base. */
    Boolean argsEscaped;

    /** The build arguments in scope in this stage, with their values. */
    final Map<String, String> args = new LinkedHashMap<>();

    /** The PATH an image gets when its base sets none, as BuildKit and buildah set it. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Starts from a base image's config and layers. */
    static StageState from(ImageConfig base, List<Layer> layers) {
        StageState state = fromConfig(base, layers);
        state.env.putIfAbsent("PATH", DEFAULT_PATH);
        return state;
    }

    private static StageState fromConfig(ImageConfig base, List<Layer> layers) {
        StageState state = new StageState();
        state.layers.addAll(layers);
        if (base == null) {
            return state;
        }
        state.os = base.os() == null ? state.os : base.os();
        state.architecture = base.architecture() == null ? state.architecture : base.architecture();
        state.variant = base.variant();
        state.osVersion = base.osVersion();
        state.osFeatures = base.osFeatures();
        state.author = base.author();
        if (base.history() != null) {
            state.history.addAll(base.history());
        }
        ImageConfig.ContainerConfig c = base.config();
        if (c != null) {
            if (c.env() != null) {
                for (String pair : c.env()) {
                    int equals = pair.indexOf('=');
                    state.env.put(equals < 0 ? pair : pair.substring(0, equals),
                            equals < 0 ? "" : pair.substring(equals + 1));
                }
            }
            if (c.labels() != null) {
                c.labels().forEach((key, value) -> state.labels.put(key, value == null ? "" : value));
            }
            if (c.exposedPorts() != null) {
                c.exposedPorts().keySet().forEach(port -> state.exposedPorts.put(port, Map.of()));
            }
            if (c.volumes() != null) {
                c.volumes().keySet().forEach(volume -> state.volumes.put(volume, Map.of()));
            }
            state.cmd = c.cmd();
            state.entrypoint = c.entrypoint();
            state.shell = c.shell();
            state.user = emptyToNull(c.user());
            state.workdir = emptyToNull(c.workingDir());
            state.stopSignal = emptyToNull(c.stopSignal());
            state.argsEscaped = Boolean.TRUE.equals(c.argsEscaped()) ? true : null;
            state.healthcheck = c.healthcheck();
            if (c.onBuild() != null) {
                state.onBuild.addAll(c.onBuild());
            }
        }
        return state;
    }

    /** The shell for shell-form commands: SHELL's, else {@code /bin/sh -c}. */
    List<String> shellOrDefault() {
        return shell != null ? shell : List.of("/bin/sh", "-c");
    }

    /** The working directory, {@code /} when none was set. */
    String workdirOrRoot() {
        return workdir == null || workdir.isEmpty() ? "/" : workdir;
    }

    /** The environment variables and build arguments an instruction's words are expanded with. */
    Map<String, String> expansionEnv() {
        Map<String, String> all = new LinkedHashMap<>(args);
        all.putAll(env);
        return all;
    }

    /**
     * The image config as it stands, with history times filled in and the creation time taken from them as BuildKit
     * does; {@code fallback} is the creation time when no history entry has one (metadata steps on scratch), and
     * {@code latest}, when not null, the latest it may be (SOURCE_DATE_EPOCH).
     */
    ImageConfig config(Instant fallback, Instant latest) {
        List<ImageConfig.History> filled = HistoryTimes.fill(history);
        String created = HistoryTimes.created(filled);
        if (created == null || latest != null && Instant.parse(created).isAfter(latest)) {
            created = (latest != null ? latest : fallback).toString();
        }
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        ImageConfig.ContainerConfig container = new ImageConfig.ContainerConfig(user, copy(exposedPorts), envList,
                entrypoint, cmd, copy(volumes), workdir, labels.isEmpty() ? null : Map.copyOf(labels), stopSignal,
                argsEscaped, healthcheck, onBuild.isEmpty() ? null : List.copyOf(onBuild), shell);
        return new ImageConfig(created, author, architecture, os, osVersion,
                osFeatures, variant, container,
                new ImageConfig.RootFs("layers", layers.stream().map(Layer::diffId).toList()), filled);
    }

    /** Docker writes absent strings as "" ({@code "User": ""}); the model keeps them absent. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> map) {
        return map.isEmpty() ? null : new TreeMap<>(map);
    }
}
