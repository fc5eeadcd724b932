package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/** A plain HTTP view of a registry for the conformance suites, with the few helpers every suite needs. */
public final class RegistryApi {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    RegistryApi(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** A fresh repository name, so suites do not see each other's content. */
    public static String newRepository() {
        return "conformance/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    public HttpRequest.Builder request(String pathOrUrl) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
        return HttpRequest.newBuilder(uri);
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send(withHeaders(request(path).GET(), headers));
    }

    public HttpResponse<byte[]> head(String path, String... headers) {
        return send(withHeaders(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()), headers));
    }

    public HttpResponse<byte[]> delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
        return send(withHeaders(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers));
    }

    public HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return send(withHeaders(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), headers));
    }

    public HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
        return send(withHeaders(request(path).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)), headers));
    }

    /** Starts an upload session and returns its location. */
    public String startUpload(String repository) {
        HttpResponse<byte[]> response = post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertEquals(202, response.statusCode(), () -> "starting an upload: " + text(response));
        return location(response);
    }

    /** Pushes a blob with POST then PUT and returns its digest. */
    public Digest pushBlob(String repository, byte[] content) {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> response = put(withQuery(startUpload(repository), "digest=" + digest), content,
                "Content-Type", "application/octet-stream");
        assertEquals(201, response.statusCode(), () -> "pushing a blob: " + text(response));
        return digest;
    }

    /** Pushes a manifest under the given reference and returns the response. */
    public HttpResponse<byte[]> pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        return put("/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", mediaType);
    }

    /** The location header, made absolute against the registry. */
    public String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("response " + response.statusCode() + " has no Location header"));
        return base.resolve(location).toString();
    }

    public static String withQuery(String url, String query) {
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    public static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }
}
