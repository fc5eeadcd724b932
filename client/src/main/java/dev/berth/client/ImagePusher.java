package dev.berth.client;

import dev.berth.cache.content.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Pushes an image from the content store: each blob the registry lacks, then the manifest under the tag. */
public final class ImagePusher {

    private final RegistryClient client;
    private final ContentStore store;

    public ImagePusher(RegistryClient client, ContentStore store) {
        this.client = client;
        this.store = store;
    }

    /** Pushes a manifest in the store with the blobs it references (config and layers, or a build cache's). */
    public void push(Descriptor manifestDescriptor, List<Descriptor> blobs, Reference reference) throws IOException {
        RegistryTransport transport = client.transport(reference);
        String scope = "repository:" + reference.repository() + ":pull,push";
        for (Descriptor blob : blobs) {
            if (!exists(transport, reference, blob, scope)) {
                upload(transport, reference, blob, scope);
            }
        }
        byte[] manifest = store.read(manifestDescriptor.digest());
        String tag = reference.tag() != null ? reference.tag().value() : reference.manifestReference();
        String path = "/v2/" + reference.repository() + "/manifests/" + tag;
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .header("Content-Type", manifestDescriptor.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), scope);
        finish(response, 201, "pushing the manifest of " + reference, transport);
    }

    private boolean exists(RegistryTransport transport, Reference reference, Descriptor blob, String scope)
            throws IOException {
        String path = "/v2/" + reference.repository() + "/blobs/" + blob.digest();
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), scope);
        response.body().close();
        return response.statusCode() == 200;
    }

    private void upload(RegistryTransport transport, Reference reference, Descriptor blob, String scope)
            throws IOException {
        String start = "/v2/" + reference.repository() + "/blobs/uploads/";
        HttpResponse<InputStream> started = transport.send(() -> HttpRequest.newBuilder(transport.url(start))
                .POST(HttpRequest.BodyPublishers.noBody()), scope);
        finish(started, 202, "starting the upload of " + blob.digest(), transport);
        String location = started.headers().firstValue("Location").orElseThrow(() -> new RegistryClientException(
                transport.registry() + " started an upload without a Location header", 202));
        URI target = transport.url(start).resolve(location);
        URI complete = URI.create(target + (target.getRawQuery() == null ? "?" : "&") + "digest=" + blob.digest());
        HttpResponse<InputStream> done = transport.send(() -> HttpRequest.newBuilder(complete)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return store.open(blob.digest());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), blob.size())), scope);
        finish(done, 201, "uploading blob " + blob.digest(), transport);
    }

    private static void finish(HttpResponse<InputStream> response, int expected, String what,
                               RegistryTransport transport) throws IOException {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (response.statusCode() != expected) {
            throw new RegistryClientException(what + " to " + transport.registry() + " failed with "
                    + response.statusCode() + (body.isBlank() ? "" : ": " + body.strip()), response.statusCode());
        }
    }
}
