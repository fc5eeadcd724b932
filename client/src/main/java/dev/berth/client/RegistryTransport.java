package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.auth.Login;
import dev.berth.client.auth.TokenRealms;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP to one registry: over the first of its endpoints that answers (HTTPS; for insecure registries HTTPS without
 * verification, then plain HTTP, as Docker tries them), Docker's token authentication (anonymous, or with
 * credentials) and basic authentication, and retries of transient failures.
 */
final class RegistryTransport {

    private static final int ATTEMPTS = 3;

    private final String registry;
    private final List<Endpoint> endpoints;
    private final LoginSource logins;
    private final Duration probeTimeout;
    private Optional<Login> login;
    private volatile Endpoint endpoint;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    /** A way to reach the registry: its base URL, and the HTTP client with the TLS settings for it. */
    record Endpoint(URI base, HttpClient http) {
    }

    /** Where the registry's login comes from, asked once, when the registry first challenges. */
    @FunctionalInterface
    interface LoginSource {
        Optional<Login> find() throws IOException;
    }

    RegistryTransport(String registry, List<Endpoint> endpoints, LoginSource logins, Duration probeTimeout) {
        this.registry = registry;
        this.endpoints = List.copyOf(endpoints);
        this.logins = logins;
        this.probeTimeout = probeTimeout;
    }

    String registry() {
        return registry;
    }

    /** A URL of the registry, on the endpoint in use (the first one until {@link #send} has chosen). */
    URI url(String path) {
        Endpoint chosen = endpoint;
        return (chosen != null ? chosen : endpoints.getFirst()).base().resolve(path);
    }

    /**
     * The endpoint that answers: with one, that one; with several, the first that gives any HTTP answer to
     * {@code GET /v2/}, asked once.
     */
    private Endpoint endpoint() throws IOException {
        Endpoint chosen = endpoint;
        if (chosen != null) {
            return chosen;
        }
        synchronized (this) {
            if (endpoint != null) {
                return endpoint;
            }
            if (endpoints.size() == 1) {
                return endpoint = endpoints.getFirst();
            }
            List<String> failures = new java.util.ArrayList<>();
            for (Endpoint candidate : endpoints) {
                try {
                    candidate.http().send(HttpRequest.newBuilder(candidate.base().resolve("/v2/"))
                            .timeout(probeTimeout).build(), HttpResponse.BodyHandlers.discarding());
                    return endpoint = candidate;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reaching " + registry, e);
                } catch (IOException e) {
                    failures.add(candidate.base() + " (" + NetworkErrors.describe(e) + ")");
                }
            }
            throw new RegistryClientException("cannot reach registry " + registry + " at "
                    + String.join(" nor at ", failures), 0);
        }
    }

    /**
     * Sends a request (rebuilt for each attempt), authenticating for {@code scope} when challenged, and retrying
     * connection failures and 5xx/429 answers; returns the final response, whatever its status.
     */
    HttpResponse<InputStream> send(Supplier<HttpRequest.Builder> request, String scope) throws IOException {
        endpoint();
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
                    throw new RegistryClientException("cannot reach registry " + registry + " at "
                            + endpoint().base() + " after " + ATTEMPTS + " attempts: " + NetworkErrors.describe(e)
                            + tlsHint(e), 0);
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
            return endpoint().http().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
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
        URI realm = URI.create(url.toString());
        HttpRequest.Builder token = HttpRequest.newBuilder(realm).timeout(Duration.ofMinutes(1));
        URI base = endpoint().base();
        if (TokenRealms.mayReceiveCredentials(base.getHost(), base.getScheme().equals("https"), realm)) {
            login.ifPresent(credentials -> token.header("Authorization", credentials.basic()));
        }
        HttpResponse<byte[]> response;
        try {
            response = endpoint().http().send(token.build(), HttpResponse.BodyHandlers.ofByteArray());
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

    /** What to do about a certificate the JDK does not trust. */
    private String tlsHint(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return "; if the registry's certificate comes from a private CA, put the CA as "
                        + "/etc/docker/certs.d/" + registry + "/ca.crt (or /etc/containers/certs.d/), or name it "
                        + "with --insecure-registry " + registry;
            }
        }
        return "";
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
