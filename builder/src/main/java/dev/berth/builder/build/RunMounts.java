package dev.berth.builder.build;

import dev.berth.builder.instruction.Location;
import dev.berth.builder.sandbox.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code RUN --mount} options of a step, as sandbox mounts: {@code type=cache} (a directory kept across builds),
 * {@code type=bind} (from the context or a stage, read-only unless {@code rw}, writes discarded), {@code type=tmpfs},
 * {@code type=secret} (a file from {@code --secret id=...,src=...}) and {@code type=ssh} (an SSH agent's socket from
 * {@code --ssh}). None of them ends up in the layer.
 */
final class RunMounts {

    /** One parsed --mount value. */
    record Spec(String type, Map<String, String> fields) {

        String target() {
            String target = fields.getOrDefault("target", fields.getOrDefault("dst",
                    fields.getOrDefault("destination", "")));
            return target;
        }

        boolean flag(String name) {
            String value = fields.get(name);
            return value != null && (value.isEmpty() || value.equals("true"));
        }
    }

    private RunMounts() {
    }

    /** Reads and checks one {@code --mount} value; a bad one fails naming the Dockerfile line. */
    static Spec parse(String text, Location at) throws BuildException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : text.split(",")) {
            int equals = field.indexOf('=');
            String key = (equals < 0 ? field : field.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            fields.put(key, equals < 0 ? "" : field.substring(equals + 1));
        }
        String type = fields.getOrDefault("type", "bind");
        if (!List.of("cache", "bind", "tmpfs", "secret", "ssh").contains(type)) {
            throw new BuildException(at, "RUN --mount type '" + type + "' is not supported; use cache, bind, tmpfs, "
                    + "secret or ssh");
        }
        Spec spec = new Spec(type, fields);
        if (!type.equals("secret") && !type.equals("ssh") && spec.target().isEmpty()) {
            throw new BuildException(at, "RUN --mount=" + text + " needs target=PATH");
        }
        String sharing = fields.getOrDefault("sharing", "shared");
        if (type.equals("cache") && !List.of("shared", "locked", "private").contains(sharing)) {
            throw new BuildException(at, "RUN --mount=type=cache: sharing is shared, locked or private, not '"
                    + sharing + "'");
        }
        try {
            Integer.parseInt(fields.getOrDefault("mode", "0755"), 8);
            Integer.parseInt(fields.getOrDefault("uid", "0"));
            Integer.parseInt(fields.getOrDefault("gid", "0"));
        } catch (NumberFormatException e) {
            throw new BuildException(at, "RUN --mount=" + text + ": mode is octal, uid and gid are numbers ("
                    + e.getMessage() + ")");
        }
        return spec;
    }

    /** Where each kind of mount takes its source from. */
    interface Sources {
        /** A context directory or a stage's filesystem for a bind mount. */
        Path bindRoot(String from) throws BuildException, IOException;

        /**
         * The persistent directory of a cache mount, taken for the step: {@code shared} by all users at once,
         * {@code locked} by one step at a time, or {@code private} (another directory while one is in use).
         */
        CacheUse cacheDirectory(String id, String sharing) throws IOException;

        /** The file of a secret given with --secret, or null if none was. */
        Path secret(String id);

        /** The SSH agent socket given with --ssh, or null if none was. */
        Path sshAgent(String id);
    }

    /** A cache directory in use by a step; closing gives it back. */
    record CacheUse(Path directory, AutoCloseable release) {
    }

    /** The mounts of a step, and what to give back when the step is over. */
    record Prepared(List<RunSpec.Mount> mounts, List<AutoCloseable> releases) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            for (AutoCloseable release : releases) {
                try {
                    release.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /** The sandbox mounts for the specs; bind sources are copied so that writes are discarded. */
    static Prepared toMounts(List<Spec> specs, Sources sources, Path scratch, Location at)
            throws BuildException, IOException {
        List<RunSpec.Mount> mounts = new ArrayList<>();
        List<AutoCloseable> releases = new ArrayList<>();
        for (Spec spec : specs) {
            String target = absolute(spec.target());
            switch (spec.type()) {
                case "cache" -> {
                    String id = spec.fields().getOrDefault("id", target);
                    String sharing = spec.fields().getOrDefault("sharing", "shared");
                    CacheUse use = sources.cacheDirectory(id, sharing);
                    releases.add(use.release());
                    Path directory = use.directory();
                    initialize(directory, spec);
                    mounts.add(RunSpec.Mount.bind(directory, target, spec.flag("ro") || spec.flag("readonly")));
                }
                case "tmpfs" -> mounts.add(new RunSpec.Mount(target, "tmpfs", "tmpfs", List.of("nosuid", "nodev",
                        "size=" + spec.fields().getOrDefault("size", "65536k"))));
                case "secret" -> {
                    String id = spec.fields().getOrDefault("id", "");
                    Path file = sources.secret(id);
                    if (file == null) {
                        if (spec.flag("required")) {
                            throw new BuildException(at, "RUN --mount=type=secret,id=" + id + " is required; pass "
                                    + "--secret id=" + id + ",src=FILE");
                        }
                        continue;
                    }
                    String secretTarget = spec.target().isEmpty() ? "/run/secrets/" + id : target;
                    mounts.add(RunSpec.Mount.bind(file, secretTarget, true));
                }
                case "ssh" -> {
                    String id = spec.fields().getOrDefault("id", "default");
                    Path socket = sources.sshAgent(id);
                    if (socket == null) {
                        if (!spec.fields().containsKey("required") || spec.flag("required")) {
                            throw new BuildException(at, "RUN --mount=type=ssh" + (id.equals("default") ? ""
                                    : ",id=" + id) + " needs an SSH agent: pass --ssh " + id
                                    + (id.equals("default") ? " (with SSH_AUTH_SOCK set)" : "=SOCKET_OR_KEY"));
                        }
                        continue;
                    }
                    mounts.add(RunSpec.Mount.bind(socket, "/" + targetPath(spec), false));
                }
                default -> {
                    Path root = sources.bindRoot(spec.fields().get("from"));
                    String source = spec.fields().getOrDefault("source", spec.fields().getOrDefault("src", "."));
                    Path resolved = dev.berth.builder.image.RootfsExtractor.resolveInside(root.toRealPath(),
                            dev.berth.builder.image.ImageFiles.clean(source), true);
                    boolean writable = spec.flag("rw") || spec.flag("readwrite");
                    if (writable) {
                        Path copy = Files.createDirectories(scratch.resolve("bind-" + java.util.UUID.randomUUID()));
                        copyTree(resolved, copy);
                        resolved = copy;
                    }
                    mounts.add(RunSpec.Mount.bind(resolved, target, !writable));
                }
            }
        }
        return new Prepared(mounts, releases);
    }

    /**
     * The mount's target relative to the root, where a mount point must exist: a secret's defaults to
     * {@code /run/secrets/ID}, an SSH agent's to {@code /run/buildkit/ssh_agent.0}, as in BuildKit.
     */
    static String targetPath(Spec spec) {
        String target = !spec.target().isEmpty() ? spec.target()
                : spec.type().equals("secret") ? "run/secrets/" + spec.fields().getOrDefault("id", "")
                : spec.type().equals("ssh") ? "run/buildkit/ssh_agent.0" : spec.target();
        return dev.berth.builder.image.ImageFiles.clean(target);
    }

    /** Whether the mount's target is a file (a secret or an agent socket), not a directory. */
    static boolean mountsAFile(Spec spec) {
        return spec.type().equals("secret") || spec.type().equals("ssh");
    }

    /** A new (empty) cache directory gets the mount's mode, uid and gid (0755, root by default). */
    private static void initialize(Path directory, Spec spec) throws IOException, BuildException {
        try (var entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        Files.setAttribute(directory, "unix:mode", Integer.parseInt(spec.fields().getOrDefault("mode", "0755"), 8));
        Files.setAttribute(directory, "unix:uid", Integer.parseInt(spec.fields().getOrDefault("uid", "0")));
        Files.setAttribute(directory, "unix:gid", Integer.parseInt(spec.fields().getOrDefault("gid", "0")));
    }

    private static String absolute(String target) {
        return target.startsWith("/") ? target : "/" + target;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var tree = Files.walk(source)) {
            for (Path path : tree.toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to, java.nio.file.LinkOption.NOFOLLOW_LINKS,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
