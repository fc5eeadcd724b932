package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.client.auth.Login;
import dev.berth.conformance.RegistryApi;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.mirror.Mirror;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth as a pull-through cache of CNCF Distribution (which needs a login): skopeo pulls through it with digests
 * unchanged, concurrent first pulls fetch a blob from the upstream once, a tag moved upstream is seen after the TTL,
 * the mirror is read-only, and once the upstream stops what was cached is still served.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullThroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "puller";
    private static final String PASSWORD = "pull-secret";

    @TempDir
    static Path work;

    private static BusyboxLayout busybox;
    private static DistributionProcess upstream;
    private static Registry berth;
    private static RegistryApi upstreamApi;
    private static RegistryApi api;

    @BeforeAll
    static void start() throws Exception {
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        upstream = DistributionProcess.startWithLogin(work.resolve("distribution"), USER, PASSWORD, "info");
        Tool.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds",
                USER + ":" + PASSWORD, "oci:" + busybox.directory() + ":latest",
                "docker://" + upstream.address() + "/team/busybox:1.0");
        berth = Registry.start("127.0.0.1", 0, DiskStorage.open(work.resolve("berth"), Clock.systemUTC()),
                Clock.systemUTC(), Registry.Options.defaults().withMirrors(List.of(new Mirror("upstream",
                        upstream.address(), Optional.of(new Login(USER, PASSWORD)), Duration.ofSeconds(1)))));
        api = RegistryApi.anonymous(URI.create("http://127.0.0.1:" + berth.port()));
        upstreamApi = new RegistryApi(URI.create("http://" + upstream.address()), Optional.of(USER),
                Optional.of(PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        if (berth != null) {
            berth.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String mirrored(String repositoryAndReference) {
        return "docker://127.0.0.1:" + berth.port() + "/upstream/" + repositoryAndReference;
    }

    @Test
    @Order(1)
    void skopeo_copiesAnImageThroughTheMirror_withItsDigestUnchanged() throws Exception {
        Path copy = work.resolve("copy");
        Tool.run("skopeo", "copy", "--src-tls-verify=false", mirrored("team/busybox:1.0"), "oci:" + copy + ":1.0");
        JsonNode inspected = JSON.readTree(Tool.run("skopeo", "inspect", "--tls-verify=false",
                mirrored("team/busybox:1.0")));
        assertEquals(busybox.manifestDigest().toString(), inspected.path("Digest").asText());
        assertTrue(Tool.run("skopeo", "inspect", "oci:" + copy + ":1.0").contains(busybox.layerDigest().toString()));
    }

    @Test
    @Order(2)
    void concurrentFirstPulls_ofABlob_fetchItFromTheUpstreamOnce() throws Exception {
        byte[] layer = RegistryApi.randomBytes(4 * 1024 * 1024);
        Digest digest = upstreamApi.pushBlob("team/big", layer);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pulls.add(clients.submit(() -> api.get("/v2/upstream/team/big/blobs/" + digest)));
        }
        for (Future<HttpResponse<byte[]>> pull : pulls) {
            HttpResponse<byte[]> response = pull.get();
            assertEquals(200, response.statusCode());
            assertEquals(digest, Digest.sha256(response.body()));
        }
        clients.shutdown();
        long fetches = upstream.log().lines().filter(line -> line.contains("\"GET /v2/team/big/blobs/" + digest
                + " HTTP/1.1\" 200 ")).count();
        assertEquals(1, fetches, "the upstream served the blob once:\n" + upstream.log());
    }

    @Test
    @Order(3)
    void aTagMovedUpstream_isServedAfterTheTtl() throws Exception {
        Digest first = pushTiny("team/moving", "1", "first");
        assertEquals(first.toString(), digestOf(api.get("/v2/upstream/team/moving/manifests/1", "Accept",
                "application/vnd.oci.image.manifest.v1+json")));
        Digest second = pushTiny("team/moving", "1", "second");
        Thread.sleep(1500);
        assertEquals(second.toString(), digestOf(api.get("/v2/upstream/team/moving/manifests/1", "Accept",
                "application/vnd.oci.image.manifest.v1+json")));
    }

    @Test
    @Order(4)
    void theMirror_isReadOnly() {
        HttpResponse<byte[]> push = api.pushManifest("upstream/team/busybox", "mine",
                "application/vnd.oci.image.manifest.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(405, push.statusCode());
        assertTrue(RegistryApi.text(push).contains("mirrors " + upstream.address() + " and is read-only"),
                RegistryApi.text(push));
    }

    @Test
    @Order(5)
    void onceTheUpstreamStops_whatWasCachedIsServed_andTheRestIs503() throws Exception {
        upstream.close();
        Thread.sleep(1500);   // past the TTL: the tag would be asked for again
        HttpResponse<byte[]> cached = api.get("/v2/upstream/team/busybox/manifests/1.0", "Accept",
                "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, cached.statusCode(), RegistryApi.text(cached));
        assertEquals(busybox.manifestDigest().toString(), digestOf(cached));
        assertEquals(200, api.get("/v2/upstream/team/busybox/blobs/" + busybox.layerDigest()).statusCode());
        HttpResponse<byte[]> never = api.get("/v2/upstream/team/never/manifests/1");
        assertEquals(503, never.statusCode(), RegistryApi.text(never));
        assertTrue(RegistryApi.text(never).contains("cannot be reached"), RegistryApi.text(never));
    }

    @Test
    @Order(6)
    void berthPull_takesAnImageFromItsMirror_whenItsOwnRegistryIsDown() {
        String pulled = BerthCommand.run("pull", "--data", work.resolve("builder").toString(), "--registry-mirror",
                upstream.address() + "=127.0.0.1:" + berth.port() + "/upstream",
                upstream.address() + "/team/busybox:1.0");
        assertTrue(pulled.strip().endsWith("@" + busybox.manifestDigest()), pulled);
    }

    private static String digestOf(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), RegistryApi.text(response));
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** Pushes a one-config image to the upstream under the tag; returns its digest. */
    private static Digest pushTiny(String repository, String tag, String content) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"comment\":\"" + content + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = upstreamApi.pushBlob(repository, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> pushed = upstreamApi.pushManifest(repository, tag,
                "application/vnd.oci.image.manifest.v1+json", manifest);
        assertEquals(201, pushed.statusCode(), RegistryApi.text(pushed));
        return Digest.sha256(manifest);
    }
}
