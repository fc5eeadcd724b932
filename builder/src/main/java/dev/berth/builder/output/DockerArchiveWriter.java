package dev.berth.builder.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.LayerReader;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an image in the {@code docker save} / {@code docker load} format: {@code manifest.json}, the config as
 * {@code <id>.json}, and each layer uncompressed as {@code <diff id>/layer.tar}.
 */
public final class DockerArchiveWriter {

    private final ContentStore store;
    private final LayerReader layers;
    private final Path scratch;

    public DockerArchiveWriter(ContentStore store, LayerReader layers, Path scratch) {
        this.store = store;
        this.layers = layers;
        this.scratch = scratch;
    }

    public void write(BuiltImage image, List<String> repoTags, OciLayoutWriter.ArchiveSink sink) throws IOException {
        String configName = image.configBlob().digest().hex() + ".json";
        try (InputStream config = store.open(image.configBlob().digest())) {
            sink.file(configName, image.configBlob().size(), config);
        }
        List<String> layerNames = new ArrayList<>();
        Files.createDirectories(scratch);
        for (Layer layer : image.layers()) {
            String name = layer.diffId().hex() + "/layer.tar";
            layerNames.add(name);
            Path plain = Files.createTempFile(scratch, "layer", ".tar");
            try {
                try (InputStream in = layers.openPlain(layer.blob())) {
                    Files.copy(in, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                sink.directory(layer.diffId().hex() + "/");
                try (InputStream in = Files.newInputStream(plain)) {
                    sink.file(name, Files.size(plain), in);
                }
            } finally {
                Files.deleteIfExists(plain);
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Config", configName);
        entry.put("RepoTags", repoTags);
        entry.put("Layers", layerNames);
        sink.file("manifest.json", new ObjectMapper().writeValueAsBytes(List.of(entry)));
    }
}
