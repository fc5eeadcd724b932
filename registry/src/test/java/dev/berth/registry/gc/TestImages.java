package dev.berth.registry.gc;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.manifest.ManifestPush;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Pushes small images, indexes and referrers into a storage the way the registry's API does, for the gc tests. */
public final class TestImages {

    private final Storage storage;
    private final ManifestPush push;

    public TestImages(Storage storage, ManifestPush push) {
        this.storage = storage;
        this.push = push;
    }

    /** Stores and links a blob with the given text as its content. */
    public Digest blob(RepositoryName repository, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        storage.blobs().put(digest, bytes);
        storage.repositories().linkBlob(repository, digest);
        return digest;
    }

    /** Pushes an image whose layers hold the given texts, tagged when {@code tag} is not null. */
    public Digest image(RepositoryName repository, String tag, String... layers) throws IOException, RegistryException {
        return manifest(repository, tag, null, layers);
    }

    /** Pushes an artifact that refers to {@code subject}, as a signature or SBOM would. */
    public Digest referrer(RepositoryName repository, Digest subject, String content)
            throws IOException, RegistryException {
        return manifest(repository, null, subject, content);
    }

    /**
     * Pushes an image with the given config (its JSON, as written), manifest annotations (JSON object members, such as
     * {@code "a":"b"}, or empty) and layers, tagged when {@code tag} is not null.
     */
    public Digest imageWithConfig(RepositoryName repository, String tag, String config, String annotations,
                                  String... layers)
            throws IOException, RegistryException {
        return manifest(repository, tag, null, config, annotations, layers);
    }

    /** Pushes an index listing the given manifests. */
    public Digest index(RepositoryName repository, String tag, Digest... children) throws IOException, RegistryException {
        List<String> entries = new ArrayList<>();
        for (Digest child : children) {
            long size = storage.blobs().stat(child).orElseThrow().size();
            entries.add(descriptor(MediaType.OCI_MANIFEST, child, size));
        }
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":["
                + String.join(",", entries) + "]}";
        return store(repository, tag, json, MediaType.OCI_INDEX);
    }

    private Digest manifest(RepositoryName repository, String tag, Digest subject, String... layers)
            throws IOException, RegistryException {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"layers\":\"" + String.join(",", layers)
                + "\"}";
        return manifest(repository, tag, subject, config, "", layers);
    }

    private Digest manifest(RepositoryName repository, String tag, Digest subject, String config, String annotations,
                            String... layers) throws IOException, RegistryException {
        Digest configDigest = blob(repository, config);
        List<String> layerDescriptors = new ArrayList<>();
        for (String layer : layers) {
            layerDescriptors.add(descriptor(MediaType.OCI_LAYER, blob(repository, layer),
                    layer.getBytes(StandardCharsets.UTF_8).length));
        }
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":"
                + descriptor(MediaType.OCI_CONFIG, configDigest, config.getBytes(StandardCharsets.UTF_8).length)
                + ",\"layers\":[" + String.join(",", layerDescriptors) + "]"
                + (subject == null ? "" : ",\"subject\":" + descriptor(MediaType.OCI_MANIFEST, subject,
                storage.blobs().stat(subject).orElseThrow().size()))
                + (annotations.isEmpty() ? "" : ",\"annotations\":{" + annotations + "}") + "}";
        return store(repository, tag, json, MediaType.OCI_MANIFEST);
    }

    private Digest store(RepositoryName repository, String tag, String json, String mediaType)
            throws IOException, RegistryException {
        Digest digest = push.store(repository, json.getBytes(StandardCharsets.UTF_8), mediaType, null).digest();
        if (tag != null) {
            storage.repositories().tag(repository, Tag.of(tag), digest);
        }
        return digest;
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
