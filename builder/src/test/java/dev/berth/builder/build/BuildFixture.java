package dev.berth.builder.build;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.layer.Compression;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.output.OutputSpec;
import dev.berth.builder.progress.Progress;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A builder on a temp data directory, with helpers to write contexts and read what the build produced. */
final class BuildFixture {

    final Path data;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Builder builder;
    private final Progress progress = Progress.plain(new PrintStream(log, true));
    private final String snapshotter;
    private boolean hostLoopback;
    private boolean insecureAllowed;
    private Map<String, java.nio.file.Path> sshAgents = Map.of();

    BuildFixture(Path data) throws IOException {
        this(data, "auto");
    }

    BuildFixture(Path data, String snapshotter) throws IOException {
        this.data = data;
        this.snapshotter = snapshotter;
        this.builder = new Builder(data, Clock.systemUTC());
    }

    /** Lets later builds' RUN and ADD reach the host's loopback services, as --allow-host-loopback does. */
    void allowHostLoopback() {
        hostLoopback = true;
    }

    /** Gives later builds SSH agent sockets by id, as --ssh does. */
    void useSshAgents(Map<String, java.nio.file.Path> agents) {
        sshAgents = Map.copyOf(agents);
    }

    /** Lets later builds run RUN --security=insecure, as --allow security.insecure does. */
    void allowInsecure() {
        insecureAllowed = true;
    }

    static Path context(Path directory, Map<String, String> files) throws IOException {
        for (var file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return directory;
    }

    BuiltImage build(Path context, String dockerfile) throws Exception {
        return build(context, dockerfile, Map.of(), null, List.of(), List.of());
    }

    /** Builds with RUN limits: memory in bytes and a process count. */
    BuiltImage buildWithLimits(Path context, String dockerfile, long memory, long pids) throws Exception {
        return buildSandboxed(context, dockerfile, new BuildRequest.Sandboxing("default", false, Map.of(), Map.of(), memory,
                pids, snapshotter, false));
    }

    /** Builds without the cache, RUN steps sandboxed as given. */
    BuiltImage buildSandboxed(Path context, String dockerfile, BuildRequest.Sandboxing sandboxing) throws Exception {
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, dockerfile);
        log.reset();
        return builder.build(new BuildRequest(context, file, List.of(), Map.of(), null, List.of(), true, null,
                BuildRequest.ImageSpec.DEFAULT, java.util.Set.of(), List.of(), List.of(), sandboxing, environment(), false,
                java.util.Optional.empty()), progress);
    }

    /**
     * Builds a busybox image from the host's busybox-static (./test.sh installs it), with users root and app
     * (1000, also in group extra, 2000), into the local store as {@code tag}.
     */
    void buildBusyboxBase(Path directory, String tag) throws Exception {
        Path rootfs = Files.createDirectories(directory.resolve("rootfs"));
        for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "tmp")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list-full").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("bin/busybox")) {
                Files.createSymbolicLink(rootfs.resolve(applet), Path.of("/bin/busybox"));
            }
        }
        list.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "app:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        build(directory, "FROM scratch\nCOPY rootfs/ /\n", Map.of(), null, List.of(tag), List.of());
    }

    BuiltImage build(Path context, String dockerfile, Map<String, String> args, Instant epoch, List<String> tags,
                     List<OutputSpec> outputs) throws Exception {
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, dockerfile);
        log.reset();
        return builder.build(new BuildRequest(context, file, tags, args, null, outputs, false, epoch,
                BuildRequest.ImageSpec.DEFAULT, java.util.Set.of(), List.of(), List.of(),
                new BuildRequest.Sandboxing("default", hostLoopback, Map.of(), sshAgents, 0, 0, snapshotter, insecureAllowed), environment(), false,
                java.util.Optional.empty()),
                progress);
    }

    /** The environment builds see: none of this machine's logins, so that tests never use them. */
    Map<String, String> environment() {
        return Map.of("HOME", data.resolve("home").toString(), "PATH", "/usr/bin:/bin");
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** The entries of a layer: "path type mode uid:gid [-> target | content]". */
    List<String> entries(Layer layer) throws IOException {
        ContentStore store = new ContentStore(DiskStorage.open(data.resolve("store"), Clock.systemUTC()));
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new LayerReader(store).open(layer.blob())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String type = entry.isDirectory() ? "dir" : entry.isSymbolicLink() ? "symlink"
                        : entry.isLink() ? "hardlink" : entry.isFIFO() ? "fifo" : "file";
                String detail = entry.isSymbolicLink() || entry.isLink() ? " -> " + entry.getLinkName()
                        : entry.isFile() && !entry.isFIFO() ? " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).strip() : "";
                detail = detail.isBlank() ? "" : detail;
                entries.add(entry.getName() + " " + type + " " + Integer.toOctalString(entry.getMode() & 07777) + " "
                        + entry.getLongUserId() + ":" + entry.getLongGroupId() + detail);
            }
        }
        return entries;
    }
}
