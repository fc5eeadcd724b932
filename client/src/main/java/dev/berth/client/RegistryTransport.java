package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.auth.Login;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP to one registry: HTTPS (plain HTTP only for loopback hosts and registries named insecure), Docker's token
 * authentication (anonymous, or with credentials) and basic authentication, and retries of transient failures.
 */
final class RegistryTransport {

    private static final int ATTEMPTS = 3;

    private final String registry;
    private final URI base;
    private final LoginSource logins;
    private Optional<Login> login;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    /** Where the registry's login comes from, asked once, when the registry first challenges. */
    @FunctionalInterface
    interface LoginSource {
        Optional<Login> find() throws IOException;
    }

    RegistryTransport(String registry, boolean plainHttp, LoginSource logins, HttpClient http) {
        this.registry = registry;
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.base = URI.create((plainHttp ? "http://" : "https://") + host);
        this.logins = logins;
        this.http = http;
    }

    String registry() {
        return registry;
    }

    URI url(String path) {
        return base.resolve(path);
    }

    /**
     * Sends a request (rebuilt for each attempt), authenticating for {@code scope} when challenged, and retrying
     * connection failures and 5xx/429 answers; returns the final response, whatever its status.
     */
    HttpResponse<InputStream> send(Supplier<HttpRequest.Builder> request, String scope) throws IOException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = sendOnce(request, scope);
                if (response.statusCode() == 401) {
                    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
                    response.body().close();
                    authorize(Challenge.parse(challenge), scope);
                    response = sendOnce(request, scope);
                }
            } catch (RegistryClientException e) {
                throw e;
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new RegistryClientException("cannot reach registry " + registry + " at " + base + " after "
                            + ATTEMPTS + " attempts: " + NetworkErrors.describe(e), 0);
                }
                pause(attempt);
                continue;
            }
            boolean transient5xx = response.statusCode() >= 500 || response.statusCode() == 429;
            if (!transient5xx || attempt == ATTEMPTS) {
                return response;
            }
            response.body().close();
            pause(attempt);
        }
    }

    private HttpResponse<InputStream> sendOnce(Supplier<HttpRequest.Builder> request, String scope)
            throws IOException {
        HttpRequest.Builder builder = request.get().timeout(Duration.ofMinutes(10));
        String authorization = authorizations.get(scope);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to " + registry, e);
        }
    }

    private synchronized Optional<Login> login() throws IOException {
        if (login == null) {
            login = logins.find();
        }
        return login;
    }

    private void authorize(Challenge challenge, String scope) throws IOException {
        Optional<Login> login = login();
        if (challenge.scheme().equals("basic")) {
            authorizations.put(scope, login.orElseThrow(() -> new RegistryClientException("registry " + registry
                    + " needs a login; log in with berth login " + registry + " (or docker login)", 401)).basic());
            return;
        }
        if (!challenge.isBearer() || !challenge.parameters().containsKey("realm")) {
            throw new RegistryClientException("registry " + registry + " answered 401 without a usable "
                    + "WWW-Authenticate challenge", 401);
        }
        StringBuilder url = new StringBuilder(challenge.parameters().get("realm"));
        url.append(url.indexOf("?") < 0 ? '?' : '&');
        if (challenge.parameters().containsKey("service")) {
            url.append("service=").append(encode(challenge.parameters().get("service"))).append('&');
        }
        if (!scope.isEmpty()) {
            url.append("scope=").append(encode(scope));
        }
        HttpRequest.Builder token = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofMinutes(1));
        login.ifPresent(credentials -> token.header("Authorization", credentials.basic()));
        HttpResponse<byte[]> response;
        try {
            response = http.send(token.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while getting a token for " + registry, e);
        }
        if (response.statusCode() != 200) {
            throw new RegistryClientException("token server " + challenge.parameters().get("realm") + " refused "
                    + scope + " with " + response.statusCode() + (login.isEmpty() ? " (no credentials were found "
                    + "for " + registry + ")" : ""), response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        String value = body.hasNonNull("token") ? body.get("token").asText()
                : body.path("access_token").asText(null);
        if (value == null) {
            throw new RegistryClientException("token server for " + registry + " returned no token", 200);
        }
        authorizations.put(scope, "Bearer " + value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
