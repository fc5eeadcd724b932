package dev.berth.client;

import dev.berth.oci.reference.Reference;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
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
                isPlainHttp(registry), credentials.forRegistry(registry), http()));
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
