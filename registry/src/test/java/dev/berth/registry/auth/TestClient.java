package dev.berth.registry.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.IntSupplier;

/** Requests to a registry under test on a loopback port, with an Authorization header or none (null). */
public final class TestClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final IntSupplier port;

    public TestClient(IntSupplier port) {
        this.port = port;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    public HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).GET(), authorization);
    }

    /** {@code POST path} with a form body, as OAuth2 clients send it. */
    HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), null);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String authorization)
            throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
