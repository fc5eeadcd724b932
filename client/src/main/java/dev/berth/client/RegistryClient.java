package dev.berth.client;

import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.Login;
import dev.berth.client.tls.CertsDirectories;
import dev.berth.client.tls.TrustEverything;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The way to registries: one transport per registry host, shared by pulls and pushes. A registry is reached over
 * HTTPS, trusting the JDK's authorities and those of its certs.d directory (with the client certificate found there);
 * an insecure one (named so, or on loopback, which Docker treats as insecure too) over HTTPS without verification
 * first, then plain HTTP.
 */
public final class RegistryClient {

    private final Credentials credentials;
    private final Set<String> insecure;
    private final boolean loopbackInsecure;
    private final CertsDirectories certs;
    private final Duration probeTimeout;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * A client with Docker's defaults: loopback registries are insecure, the machine's certs.d directories, and ten
     * seconds for an insecure registry's HTTPS to answer before plain HTTP is tried (Docker's TLS handshake timeout).
     */
    public RegistryClient(Credentials credentials, Set<String> insecure, Map<String, String> environment) {
        this(credentials, insecure, true, CertsDirectories.forEnvironment(environment), Duration.ofSeconds(10));
    }

    /**
     * A client with the given credentials, insecure registries (host or host:port), whether loopback hosts count
     * as insecure, certs.d directories, and how long an insecure registry's HTTPS may take to answer.
     */
    public RegistryClient(Credentials credentials, Set<String> insecure, boolean loopbackInsecure,
                          CertsDirectories certs, Duration probeTimeout) {
        this.credentials = credentials;
        this.insecure = Set.copyOf(insecure);
        this.loopbackInsecure = loopbackInsecure;
        this.certs = certs;
        this.probeTimeout = probeTimeout;
    }

    RegistryTransport transport(Reference reference) throws IOException {
        return transport(reference.registry());
    }

    private RegistryTransport transport(String registry) throws IOException {
        RegistryTransport transport = transports.get(registry);
        if (transport == null) {
            transport = new RegistryTransport(registry, endpoints(registry), () -> credentials.forRegistry(registry),
                    probeTimeout);
            RegistryTransport raced = transports.putIfAbsent(registry, transport);
            transport = raced != null ? raced : transport;
        }
        return transport;
    }

    /** The signature API extension of a repository's registry (see {@link SignatureExtension#supported()}). */
    public SignatureExtension signatureExtension(Reference reference) throws IOException {
        return new SignatureExtension(transport(reference), reference.repository().toString());
    }

    /** Garbage collection on a Berth registry ({@code host[:port]}), for its administrators. */
    public GarbageCollection garbageCollection(String registry) throws IOException {
        return new GarbageCollection(transport(registry));
    }

    /** One repository of a registry, for reading and writing the artifacts kept beside its images. */
    public RemoteRepository repository(Reference reference) throws IOException {
        return new RemoteRepository(transport(reference), reference);
    }

    /**
     * Checks a login as {@code docker login} does: the registry's base endpoint must answer 200 to it, through the
     * registry's token server when it has one. Fails with the registry's refusal otherwise.
     */
    public void checkLogin(String registry, Login login) throws IOException {
        RegistryTransport transport = new RegistryTransport(registry, endpoints(registry), () -> Optional.of(login),
                probeTimeout);
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url("/v2/")),
                "");
        response.body().close();
        if (response.statusCode() != 200) {
            throw new RegistryClientException("logging in to " + registry + " as " + login.username() + " failed: "
                    + "the registry answered " + response.statusCode(), response.statusCode());
        }
    }

    private List<RegistryTransport.Endpoint> endpoints(String registry) throws IOException {
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        if (isInsecure(registry)) {
            return List.of(new RegistryTransport.Endpoint(URI.create("https://" + host), http("insecure",
                            TrustEverything::context)),
                    new RegistryTransport.Endpoint(URI.create("http://" + host), http("", SSLContext::getDefault)));
        }
        Optional<SSLContext> own = certs.contextFor(registry);
        return List.of(new RegistryTransport.Endpoint(URI.create("https://" + host),
                own.isPresent() ? http("certs.d " + registry, own::get) : http("", SSLContext::getDefault)));
    }

    /** What makes a TLS context; the JDK's default one reads its certificates, which takes a while. */
    @FunctionalInterface
    private interface TlsSetup {
        SSLContext context() throws java.security.GeneralSecurityException;
    }

    /** An HTTP client per TLS setting, made on first use. */
    private HttpClient http(String key, TlsSetup tls) throws IOException {
        HttpClient client = clients.get(key);
        if (client != null) {
            return client;
        }
        try {
            client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .sslContext(tls.context())
                    .build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        HttpClient raced = clients.putIfAbsent(key, client);
        return raced != null ? raced : client;
    }

    private boolean isInsecure(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return insecure.contains(registry) || insecure.contains(host) || loopbackInsecure && loopback;
    }
}
