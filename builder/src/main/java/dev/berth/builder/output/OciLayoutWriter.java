package dev.berth.builder.output;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an image as an OCI image layout (oci-layout, index.json, blobs/) through an {@link ArchiveSink}, so the same
 * code fills a directory or a tar.
 */
public final class OciLayoutWriter {

    private final ContentStore store;

    public OciLayoutWriter(ContentStore store) {
        this.store = store;
    }

    public void write(BuiltImage image, String refName, ArchiveSink sink) throws IOException {
        sink.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(image.configBlob());
        image.layers().stream().map(Layer::blob).forEach(blobs::add);
        blobs.add(image.manifest());
        sink.directory("blobs/");
        sink.directory("blobs/sha256/");
        for (Descriptor blob : blobs) {
            try (InputStream in = store.open(blob.digest())) {
                sink.file("blobs/" + blob.digest().algorithm().prefix() + "/" + blob.digest().hex(), blob.size(), in);
            }
        }
        String annotations = refName == null ? "" : ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
                + refName.replace("\"", "") + "\"}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"" + image.manifest().mediaType() + "\",\"digest\":\""
                + image.manifest().digest() + "\",\"size\":" + image.manifest().size() + annotations + "}]}";
        sink.file("index.json", index.getBytes(StandardCharsets.UTF_8));
    }

    /** Where an exporter puts files: a directory or a tar stream. */
    public interface ArchiveSink {
        void directory(String path) throws IOException;

        void file(String path, long size, InputStream content) throws IOException;

        default void file(String path, byte[] content) throws IOException {
            file(path, content.length, new java.io.ByteArrayInputStream(content));
        }
    }
}
