package dev.berth.client;

import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.Login;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The builder's way to registries: one transport per registry host, shared by pulls and pushes. */
public final class RegistryClient {

    private final Credentials credentials;
    private final Set<String> insecure;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();
    private HttpClient http;

    /** A client with the given credentials that speaks plain HTTP to loopback hosts and to {@code insecure} ones. */
    public RegistryClient(Credentials credentials, Set<String> insecure) {
        this.credentials = credentials;
        this.insecure = Set.copyOf(insecure);
    }

    RegistryTransport transport(Reference reference) {
        return transports.computeIfAbsent(reference.registry(), registry -> new RegistryTransport(registry,
                isPlainHttp(registry), () -> credentials.forRegistry(registry), http()));
    }

    /**
     * Checks a login as {@code docker login} does: the registry's base endpoint must answer 200 to it, through the
     * registry's token server when it has one. Fails with the registry's refusal otherwise.
     */
    public void checkLogin(String registry, Login login) throws IOException {
        RegistryTransport transport = new RegistryTransport(registry, isPlainHttp(registry),
                () -> Optional.of(login), http());
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url("/v2/")),
                "");
        response.body().close();
        if (response.statusCode() != 200) {
            throw new RegistryClientException("logging in to " + registry + " as " + login.username() + " failed: "
                    + "the registry answered " + response.statusCode(), response.statusCode());
        }
    }

    /** The HTTP client, made on first use: its TLS setup reads the JDK's certificates, which takes a while. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    private boolean isPlainHttp(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return insecure.contains(registry) || host.equals("localhost") || host.startsWith("127.")
                || host.equals("[::1]");
    }
}
