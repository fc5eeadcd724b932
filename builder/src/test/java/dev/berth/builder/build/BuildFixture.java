package dev.berth.builder.build;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.layer.Compression;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.output.OutputSpec;
import dev.berth.builder.store.ContentStore;
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
    private final String snapshotter;

    BuildFixture(Path data) throws IOException {
        this(data, "auto");
    }

    BuildFixture(Path data, String snapshotter) throws IOException {
        this.data = data;
        this.snapshotter = snapshotter;
        this.builder = new Builder(data, Clock.systemUTC(), new Progress(new PrintStream(log, true), false));
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
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, dockerfile);
        log.reset();
        return builder.build(new BuildRequest(context, file, List.of(), Map.of(), null, List.of(), true, null,
                Compression.GZIP, java.util.Set.of(), List.of(), List.of(),
                new BuildRequest.Sandboxing("default", Map.of(), memory, pids, snapshotter)));
    }

    BuiltImage build(Path context, String dockerfile, Map<String, String> args, Instant epoch, List<String> tags,
                     List<OutputSpec> outputs) throws Exception {
        Path file = context.resolve("Dockerfile");
        Files.writeString(file, dockerfile);
        log.reset();
        return builder.build(new BuildRequest(context, file, tags, args, null, outputs, false, epoch,
                Compression.GZIP, java.util.Set.of(), List.of(), List.of(),
                new BuildRequest.Sandboxing("default", Map.of(), 0, 0, snapshotter)));
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
                        : entry.isLink() ? "hardlink" : "file";
                String detail = entry.isSymbolicLink() || entry.isLink() ? " -> " + entry.getLinkName()
                        : entry.isFile() ? " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).strip() : "";
                detail = detail.isBlank() ? "" : detail;
                entries.add(entry.getName() + " " + type + " " + Integer.toOctalString(entry.getMode() & 07777) + " "
                        + entry.getLongUserId() + ":" + entry.getLongGroupId() + detail);
            }
        }
        return entries;
    }
}
