package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.HelperLocator;
import dev.berth.client.tls.CertsDirectories;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a registry endpoint and token realm served on loopback by the test (no token server
 * ships with Debian): token challenge and login, retries of transient errors, unreachable registries.
 */
class RegistryClientTest {

    private static final String TOKEN = "token-for-test";

    @TempDir
    Path work;
    private HttpServer server;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger flakyCalls = new java.util.concurrent.atomic.AtomicInteger();
    private byte[] manifest;
    private byte[] config;

    @BeforeEach
    void start() throws IOException {
        config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            tokenRequests.add(exchange.getRequestURI().getRawQuery() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String expected = "Basic " + Base64.getEncoder().encodeToString("ci:secret".getBytes());
            boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, ok ? 200 : 401, ok ? ("{\"token\":\"" + TOKEN + "\"}").getBytes() : new byte[0], null);
        });
        server.createContext("/v2/flaky/", exchange -> {
            if (flakyCalls.incrementAndGet() == 1) {
                respond(exchange, 503, new byte[0], null);
            } else if (exchange.getRequestURI().getPath().contains("/manifests/")) {
                respond(exchange, 200, manifest, MediaType.OCI_MANIFEST);
            } else {
                respond(exchange, 200, config, "application/octet-stream");
            }
        });
        server.createContext("/v2/", exchange -> {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + server.getAddress().getPort() + "/token\",service=\"test-registry\","
                        + "scope=\"repository:team/app:pull\"");
                respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(), null);
            } else if (exchange.getRequestURI().getPath().contains("/manifests/")) {
                respond(exchange, 200, manifest, MediaType.OCI_MANIFEST);
            } else {
                respond(exchange, 200, config, "application/octet-stream");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Credentials login(String user, String password) throws IOException {
        Path config = work.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        Files.writeString(config, "{\"auths\":{\"127.0.0.1:" + server.getAddress().getPort() + "\":{\"auth\":\""
                + auth + "\"}}}");
        return Credentials.of(List.of(config), HelperLocator.onPath(null));
    }

    private ImagePuller puller(Credentials credentials) throws IOException {
        return new ImagePuller(new RegistryClient(credentials, Set.of(), true, new CertsDirectories(List.of()),
                java.time.Duration.ofMillis(500)),
                new ContentStore(DiskStorage.open(work.resolve("store"), Clock.systemUTC())));
    }

    @Test
    void pull_answersTheChallengeWithATokenObtainedWithTheConfiguredLogin() throws Exception {
        Reference reference = Reference.parse("127.0.0.1:" + server.getAddress().getPort() + "/team/app:1");
        var pulled = puller(login("ci", "secret")).pull(reference,
                dev.berth.oci.manifest.Platform.of("linux", "amd64"));
        assertEquals(Digest.sha256(manifest), pulled.digest());
        assertTrue(tokenRequests.getFirst().contains("service=test-registry"), tokenRequests.toString());
        assertTrue(tokenRequests.getFirst().contains("scope=repository%3Ateam%2Fapp%3Apull"), tokenRequests.toString());
        assertEquals(1, tokenRequests.size(), "the token is reused for the blobs");
    }

    @Test
    void pull_withWrongLogin_failsNamingTheTokenServerAndStatus() throws Exception {
        Reference reference = Reference.parse("127.0.0.1:" + server.getAddress().getPort() + "/team/app:1");
        var e = assertThrows(RegistryClientException.class, () -> puller(login("ci", "wrong")).pull(reference,
                dev.berth.oci.manifest.Platform.of("linux", "amd64")));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("401"), e.getMessage());
    }

    @Test
    void credentials_forDockerHub_areFoundUnderTheIndexKey() throws IOException {
        Path config = work.resolve("hub.json");
        Files.writeString(config, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("me:pw".getBytes()) + "\"}}}");
        assertEquals("me", Credentials.of(List.of(config), HelperLocator.onPath(null)).forRegistry("docker.io").orElseThrow().username());
    }

    @Test
    void transientServerError_isRetried() throws Exception {
        Reference reference = Reference.parse("127.0.0.1:" + server.getAddress().getPort() + "/flaky/app:1");
        var pulled = puller(Credentials.none()).pull(reference, dev.berth.oci.manifest.Platform.of("linux", "amd64"));
        assertEquals(Digest.sha256(manifest), pulled.digest());
        assertTrue(flakyCalls.get() >= 2, "the 503 was retried");
    }

    @Test
    void unreachableRegistry_failsNamingIt() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Reference reference = Reference.parse("127.0.0.1:" + closed + "/team/app:1");
        var e = assertThrows(RegistryClientException.class, () -> puller(Credentials.none()).pull(reference,
                dev.berth.oci.manifest.Platform.of("linux", "amd64")));
        assertTrue(e.getMessage().contains("cannot reach registry 127.0.0.1:" + closed), e.getMessage());
        assertTrue(e.getMessage().endsWith("at https://127.0.0.1:" + closed + " (connection refused) nor at "
                + "http://127.0.0.1:" + closed + " (connection refused)"), e.getMessage());
    }
}
