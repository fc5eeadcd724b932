package dev.berth.client;

import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A blob upload: {@code HEAD} to skip what the registry has, then {@code POST} to open an upload and one {@code PUT}
 * with the whole body and its digest (the monolithic upload every registry accepts).
 */
final class BlobPusher {

    /** Whether the repository already has the blob. */
    boolean exists(RegistryTransport transport, RepositoryName repository, Descriptor blob, String scope)
            throws IOException {
        String path = "/v2/" + repository + "/blobs/" + blob.digest();
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), scope);
        response.body().close();
        return response.statusCode() == 200;
    }

    /** Uploads the blob; {@code body} makes its bytes anew for each attempt. */
    void upload(RegistryTransport transport, RepositoryName repository, Descriptor blob,
                Supplier<HttpRequest.BodyPublisher> body, String scope) throws IOException {
        String start = "/v2/" + repository + "/blobs/uploads/";
        HttpResponse<InputStream> started = transport.send(() -> HttpRequest.newBuilder(transport.url(start))
                .POST(HttpRequest.BodyPublishers.noBody()), scope);
        expect(started, 202, "starting the upload of " + blob.digest(), transport);
        String location = started.headers().firstValue("Location").orElseThrow(() -> new RegistryClientException(
                transport.registry() + " started an upload without a Location header", 202));
        URI target = transport.url(start).resolve(location);
        URI complete = URI.create(target + (target.getRawQuery() == null ? "?" : "&") + "digest=" + blob.digest());
        HttpResponse<InputStream> done = transport.send(() -> HttpRequest.newBuilder(complete)
                .header("Content-Type", "application/octet-stream")
                .PUT(body.get()), scope);
        expect(done, 201, "uploading blob " + blob.digest(), transport);
    }

    /** Fails with the registry's answer unless it is the expected status; the body is read and closed either way. */
    static HttpResponse<InputStream> expect(HttpResponse<InputStream> response, int expected, String what,
                                            RegistryTransport transport) throws IOException {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        }
        if (response.statusCode() != expected) {
            throw new RegistryClientException(what + " to " + transport.registry() + " failed with "
                    + response.statusCode() + (body.isBlank() ? "" : ": " + body.strip()), response.statusCode());
        }
        return response;
    }
}
