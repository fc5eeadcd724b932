package dev.berth.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The signature API extension of registries that answer {@code /v2/} with {@code X-Registry-Supports-Signatures: 1}
 * (Berth, OpenShift): {@code PUT /extensions/v2/<name>/signatures/<digest>} adds a GPG simple signing signature, as
 * containers/image does instead of writing to the lookaside when a registry offers it.
 */
public final class SignatureExtension {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryTransport transport;
    private final String repository;

    SignatureExtension(RegistryTransport transport, String repository) {
        this.transport = transport;
        this.repository = repository;
    }

    /** Whether the registry keeps signatures itself (asked once per registry, by {@code GET /v2/}). */
    public boolean supported() throws IOException {
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url("/v2/"))
                .GET(), "");
        response.body().close();
        return "1".equals(response.headers().firstValue("X-Registry-Supports-Signatures").orElse(""));
    }

    /** Adds a signature of the manifest, under a new unique name; returns the name. */
    public String add(Digest manifest, byte[] signature) throws IOException {
        byte[] unique = new byte[16];
        RandomGenerator.getDefault().nextBytes(unique);
        String name = manifest + "@" + HexFormat.of().formatHex(unique);
        ObjectNode body = JSON.createObjectNode();
        body.put("schemaVersion", 2);
        body.put("name", name);
        body.put("type", "atomic");
        body.put("content", Base64.getEncoder().encodeToString(signature));
        byte[] bytes = JSON.writeValueAsBytes(body);
        String path = "/extensions/v2/" + repository + "/signatures/" + manifest;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                "repository:" + repository + ":pull,push");
        BlobPusher.expect(response, 201, "adding a signature of " + manifest, transport);
        return name;
    }
}
