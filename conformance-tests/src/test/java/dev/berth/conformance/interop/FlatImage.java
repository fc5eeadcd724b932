package dev.berth.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * An image of an OCI layout, flattened: every path of its filesystem after all layers and whiteouts, with type, mode,
 * owner, size, content digest and link target; and its config. What the differential test compares.
 */
record FlatImage(TreeMap<String, String> files, JsonNode config) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static FlatImage read(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.get("config").get("digest").asText()).toFile());
        TreeMap<String, String> files = new TreeMap<>();
        for (JsonNode layer : manifest.get("layers")) {
            apply(files, layout, layer.get("digest").asText(), layer.get("mediaType").asText());
        }
        return new FlatImage(files, config.get("config"));
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static void apply(TreeMap<String, String> files, Path layout, String digest, String mediaType)
            throws IOException {
        InputStream raw = Files.newInputStream(blob(layout, digest));
        InputStream plain = mediaType.endsWith("zstd") ? new ZstdCompressorInputStream(raw)
                : mediaType.endsWith("gzip") ? new GZIPInputStream(raw) : raw;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = clean(entry.getName());
                String name = path.substring(path.lastIndexOf('/') + 1);
                String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                if (name.equals(".wh..wh..opq")) {
                    files.subMap(parent + "/", parent + "/" + Character.MAX_VALUE).clear();
                } else if (name.startsWith(".wh.")) {
                    String gone = (parent.isEmpty() ? "" : parent + "/") + name.substring(4);
                    files.remove(gone);
                    files.subMap(gone + "/", gone + "/" + Character.MAX_VALUE).clear();
                } else if (!path.isEmpty()) {
                    if (!entry.isDirectory()) {
                        files.subMap(path + "/", path + "/" + Character.MAX_VALUE).clear();
                    }
                    files.put(path, describe(entry, tar));
                }
            }
        }
    }

    private static String describe(TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException {
        String owner = Integer.toOctalString(entry.getMode() & 07777) + " " + entry.getLongUserId() + ":"
                + entry.getLongGroupId();
        if (entry.isDirectory()) {
            return "dir " + owner;
        }
        if (entry.isSymbolicLink()) {
            return "symlink -> " + entry.getLinkName() + " " + owner;
        }
        if (entry.isLink()) {
            return "hardlink -> " + clean(entry.getLinkName()) + " " + owner;
        }
        if (entry.isFIFO()) {
            return "fifo " + owner;
        }
        DigestingInputStream hashing = new DigestingInputStream(tar, DigestAlgorithm.SHA256);
        hashing.transferTo(OutputStream.nullOutputStream());
        return "file " + owner + " " + entry.getSize() + " " + hashing.digest().hex().substring(0, 16);
    }

    private static String clean(String name) {
        String normalized = Path.of("/" + name).normalize().toString();
        return normalized.equals("/") ? "" : normalized.substring(1);
    }

    /** The config fields the comparison covers. */
    Map<String, JsonNode> configFields() {
        Map<String, JsonNode> fields = new TreeMap<>();
        for (String field : new String[] {"Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Labels",
                "Volumes", "StopSignal"}) {
            JsonNode value = config == null ? null : config.get(field);
            fields.put(field, value == null || value.isNull() || value.isEmpty() && !value.isTextual() ? null : value);
        }
        return fields;
    }
}
