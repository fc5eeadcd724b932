package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP view of a registry for the conformance suites, with the few helpers every suite needs. With
 * credentials it logs in as registry clients do: a request challenged with {@code Bearer} fetches a token from the
 * realm for the scope named (with every action on the repository, so one token serves the repository's requests)
 * and is sent again; one challenged with {@code Basic} is sent again with the credentials.
 */
public final class RegistryApi {

    private static final Pattern REPOSITORY = Pattern.compile(
            "/v2/(.+?)/(?:blobs|manifests|tags|referrers)/.*");
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final URI base;
    private final Optional<String> basic;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** The authorization that worked last, by repository ("" for requests on none). */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    /** A client of the registry at {@code base} that sends no credentials. */
    public static RegistryApi anonymous(URI base) {
        return new RegistryApi(base, Optional.empty(), Optional.empty());
    }

    public RegistryApi(URI base, Optional<String> user, Optional<String> password) {
        this.base = base;
        this.basic = user.map(name -> "Basic " + Base64.getEncoder().encodeToString((name + ":" + password.orElse(""))
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The header lines a hand-made request on the repository needs: none without credentials, else the
     * {@code Authorization} that the repository's last request used.
     */
    public String authorizationLines(String repository) {
        if (basic.isEmpty()) {
            return "";
        }
        if (!authorizations.containsKey(repository)) {
            get("/v2/" + repository + "/tags/list");
        }
        return "Authorization: " + authorizations.get(repository) + "\r\n";
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
            if (basic.isEmpty()) {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            String repository = repositoryOf(request.build().uri());
            String known = authorizations.get(repository);
            if (known != null) {
                request.setHeader("Authorization", known);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            if (response.statusCode() != 401 || challenge.isEmpty()) {
                return response;
            }
            String authorization = answer(challenge.get(), repository);
            authorizations.put(repository, authorization);
            return http.send(request.setHeader("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
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

    private static String repositoryOf(URI uri) {
        Matcher matcher = REPOSITORY.matcher(uri.getRawPath());
        return matcher.matches() ? matcher.group(1) : "";
    }

    /** The Authorization that answers a challenge: the credentials, or a token fetched with them. */
    private String answer(String challenge, String repository) throws IOException, InterruptedException {
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return basic.orElseThrow();
        }
        Map<String, String> parameters = new HashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        StringBuilder realm = new StringBuilder(parameters.get("realm")).append("?service=")
                .append(URLEncoder.encode(parameters.getOrDefault("service", ""), StandardCharsets.UTF_8));
        if (!repository.isEmpty()) {
            realm.append("&scope=").append(URLEncoder.encode("repository:" + repository + ":pull,push,delete",
                    StandardCharsets.UTF_8));
        }
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(realm.toString()))
                .header("Authorization", basic.orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new AssertionError("the token endpoint answered " + token.statusCode() + ": " + token.body());
        }
        String body = token.body();
        int start = body.indexOf("\"token\":\"") + 9;
        return "Bearer " + body.substring(start, body.indexOf('"', start));
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
