package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.builder.image.BuiltImage;
import dev.berth.cache.files.SiblingTempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What scripts read after a build, in the files {@code docker buildx build} writes: {@code --iidfile} (the image ID,
 * the config's digest) and {@code --metadata-file} (buildx's JSON keys).
 */
final class BuildResultFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BuildResultFiles() {
    }

    static void writeImageId(Path file, BuiltImage image) throws IOException {
        write(file, image.configBlob().digest().toString().getBytes(StandardCharsets.UTF_8));
    }

    static void writeMetadata(Path file, BuiltImage image, List<String> tags) throws IOException {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("containerimage.digest", image.manifest().digest().toString());
        metadata.put("containerimage.config.digest", image.configBlob().digest().toString());
        ObjectNode descriptor = metadata.putObject("containerimage.descriptor");
        descriptor.put("mediaType", image.manifest().mediaType());
        descriptor.put("digest", image.manifest().digest().toString());
        descriptor.put("size", image.manifest().size());
        if (!tags.isEmpty()) {
            metadata.put("image.name", String.join(",", tags));
        }
        write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    }

    /** Writes through a temp file beside the target, so that a reader never sees half a file. */
    private static void write(Path file, byte[] content) throws IOException {
        Path temp = SiblingTempFiles.create(file);
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
