package dev.berth.conformance;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import java.nio.charset.StandardCharsets;

/** A small image pushed through the API: a config, one layer, and its manifest, for suites that need content. */
public record TestImage(String repository, Digest config, Digest layer, byte[] manifest, Digest digest) {

    /** Pushes a fresh image's blobs (not its manifest) to the repository. */
    public static TestImage pushBlobs(RegistryApi api, String repository) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]},\"seed\":\"" + java.util.UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = RegistryApi.randomBytes(2048);
        Digest configDigest = api.pushBlob(repository, config);
        Digest layerDigest = api.pushBlob(repository, layer);
        String manifest = manifestJson(configDigest, config.length, layerDigest, layer.length, null);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        return new TestImage(repository, configDigest, layerDigest, bytes, Digest.sha256(bytes));
    }

    static String manifestJson(Digest config, long configSize, Digest layer, long layerSize, String extra) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + config
                + "\",\"size\":" + configSize + "},"
                + "\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP + "\",\"digest\":\"" + layer
                + "\",\"size\":" + layerSize + "}]" + (extra == null ? "" : "," + extra) + "}";
    }
}
