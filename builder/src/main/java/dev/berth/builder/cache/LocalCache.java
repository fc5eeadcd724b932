package dev.berth.builder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.files.SiblingTempFiles;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.json.OciJson;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A build cache kept in a directory, as an OCI image layout holding the same artifact {@link RegistryCache} pushes
 * ({@code --cache-to type=local,dest=DIR}, {@code --cache-from type=local,src=DIR}); a CI system saves and restores
 * the directory. Blobs already there are not written again; imported layers are copied into the store on a hit.
 */
public final class LocalCache {

    private final ContentStore store;
    private final ObjectMapper json = OciJson.mapper();

    public LocalCache(ContentStore store) {
        this.store = store;
    }

    /** Writes the entries as the layout's one image (the cache artifact), replacing the index last. */
    public void export(List<CacheEntry> entries, Path directory) throws IOException {
        Descriptor config = store.put(RegistryCache.CONFIG_TYPE, json.writeValueAsBytes(CacheIndex.of(entries)));
        List<Descriptor> layers = entries.stream().map(entry -> entry.layer().blob()).distinct().toList();
        ImageManifest manifest = new ImageManifest(2, MediaType.OCI_MANIFEST, RegistryCache.ARTIFACT_TYPE, config,
                layers, null, null);
        Descriptor manifestBlob = store.put(MediaType.OCI_MANIFEST, json.writeValueAsBytes(manifest));
        for (Descriptor blob : concat(layers, config, manifestBlob)) {
            copyIn(blob.digest(), directory);
        }
        write(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        write(directory.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"artifactType\":\""
                + RegistryCache.ARTIFACT_TYPE + "\",\"digest\":\"" + manifestBlob.digest() + "\",\"size\":"
                + manifestBlob.size() + "}]}");
    }

    /** Reads the layout's cache index; an entry's layer is copied into the store when a build hits it. */
    public Map<CacheKey, CacheEntry> importFrom(Path directory) throws IOException {
        Path index = directory.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            throw new IOException(directory + " holds no exported build cache (no index.json)");
        }
        JsonNode manifests = json.readTree(index.toFile()).path("manifests");
        if (manifests.isEmpty()) {
            throw new IOException(index + " lists no manifest");
        }
        ImageManifest manifest = json.readValue(read(directory, Digest.parse(manifests.get(0).path("digest")
                .asText())), ImageManifest.class);
        if (!RegistryCache.CONFIG_TYPE.equals(manifest.config().mediaType())) {
            throw new IOException(directory + " is not a Berth build cache (export one with --cache-to type=local)");
        }
        return json.readValue(read(directory, manifest.config().digest()), CacheIndex.class).toEntries();
    }

    /** Copies a layer of the layout into the store, checking its digest. */
    public void fetch(Path directory, Layer layer) throws IOException {
        try (InputStream in = Files.newInputStream(blob(directory, layer.blob().digest()))) {
            store.importVerified(in, layer.blob().mediaType(), layer.blob().digest());
        }
    }

    private void copyIn(Digest digest, Path directory) throws IOException {
        Path target = blob(directory, digest);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temp = SiblingTempFiles.create(target);
        try (InputStream in = store.open(digest)) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] read(Path directory, Digest digest) throws IOException {
        byte[] bytes = Files.readAllBytes(blob(directory, digest));
        if (!Digest.sha256(bytes).equals(digest)) {
            throw new IOException("blob " + digest + " in " + directory + " does not match its digest");
        }
        return bytes;
    }

    private static Path blob(Path directory, Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = SiblingTempFiles.create(file);
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static List<Descriptor> concat(List<Descriptor> layers, Descriptor config, Descriptor manifest) {
        List<Descriptor> all = new java.util.ArrayList<>(layers);
        all.add(config);
        all.add(manifest);
        return all;
    }
}
