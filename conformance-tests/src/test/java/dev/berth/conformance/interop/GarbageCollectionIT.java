package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.blob.StoredBlob;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.s3.S3Settings;
import dev.berth.cache.s3.S3Storage;
import dev.berth.cache.storage.Storage;
import dev.berth.conformance.RegistryApi;
import dev.berth.conformance.S3ProxyProcess;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.gc.GcSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage collection while the registry serves, on local disk and on S3 (S3Proxy): pushes of images that share
 * layers and move tags, and pulls, run concurrently with repeated collections that reclaim untagged manifests with no
 * grace at all; afterwards every tagged manifest pulls completely, and no blob is left that nothing references.
 */
class GarbageCollectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final GcSettings AGGRESSIVE = new GcSettings(Duration.ZERO, Duration.ofSeconds(4), true,
            Optional.empty());
    private static final List<String> REPOSITORIES = List.of("gc/app", "gc/tools");
    private static final List<String> TAGS = List.of("latest", "stable", "v1");
    /** Layers every image draws from, so that images share content across repositories and pushes. */
    private static final List<byte[]> SHARED_LAYERS = List.of(RegistryApi.randomBytes(3000),
            RegistryApi.randomBytes(5000), RegistryApi.randomBytes(7000), RegistryApi.randomBytes(11000));

    @TempDir
    Path directory;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"disk", "s3"})
    void pushesAndPulls_racingRepeatedCollections_leaveEveryTagComplete_andNoUnreferencedBlob(String medium)
            throws Exception {
        S3ProxyProcess s3 = null;
        try {
            Storage storage;
            if (medium.equals("s3")) {
                s3 = S3ProxyProcess.start(Files.createDirectories(directory.resolve("s3")));
                s3.createBucket("gc-test");
                S3Settings settings = new S3Settings("gc-test", "registry/", S3ProxyProcess.REGION,
                        Optional.of(s3.endpoint()), true);
                storage = S3Storage.open(s3.client(), settings, Clock.systemUTC(), CacheSettings.shared());
            } else {
                storage = DiskStorage.open(directory.resolve("data"), Clock.systemUTC());
            }
            try (Registry registry = Registry.start("127.0.0.1", 0, storage, Clock.systemUTC(),
                    Registry.Options.defaults().withGc(AGGRESSIVE))) {
                RegistryApi api = RegistryApi.anonymous(URI.create("http://127.0.0.1:" + registry.port()));
                Load load = new Load(api);
                load.run();
                assertTrue(load.pushes.get() > 20, "the load pushed " + load.pushes.get() + " images");
                assertTrue(load.reclaimedDuringLoad.get() > 0, "collections during the load reclaimed blobs");

                Thread.sleep(AGGRESSIVE.window().plusSeconds(1).toMillis());
                JsonNode last = collect(api);
                assertEquals(0, last.path("spared").asLong(), "past the window, nothing unreferenced is spared");

                Set<Digest> referenced = pullEveryTag(api);
                Set<Digest> stored = new HashSet<>();
                for (List<StoredBlob> page = storage.blobs().list(Optional.empty(), 1000); !page.isEmpty();
                     page = storage.blobs().list(Optional.of(page.getLast().digest()), 1000)) {
                    page.forEach(blob -> stored.add(blob.digest()));
                }
                assertEquals(referenced, stored, "exactly what the tags reference is left");
            }
        } finally {
            if (s3 != null) {
                s3.stop();
            }
        }
    }

    private static JsonNode collect(RegistryApi api) throws Exception {
        HttpResponse<byte[]> response = api.post("/v2/_berth/gc", new byte[0]);
        assertEquals(200, response.statusCode(), RegistryApi.text(response));
        return JSON.readTree(response.body());
    }

    /** Pulls every tag of every repository completely; returns every digest that takes (manifests and blobs). */
    private static Set<Digest> pullEveryTag(RegistryApi api) throws Exception {
        Set<Digest> referenced = new HashSet<>();
        for (String repository : REPOSITORIES) {
            HttpResponse<byte[]> list = api.get("/v2/" + repository + "/tags/list");
            assertEquals(200, list.statusCode(), RegistryApi.text(list));
            for (JsonNode tag : JSON.readTree(list.body()).path("tags")) {
                HttpResponse<byte[]> manifest = api.get("/v2/" + repository + "/manifests/" + tag.asText(),
                        "Accept", "application/vnd.oci.image.manifest.v1+json");
                assertEquals(200, manifest.statusCode(), repository + ":" + tag.asText());
                referenced.add(Digest.sha256(manifest.body()));
                JsonNode json = JSON.readTree(manifest.body());
                List<JsonNode> blobs = new ArrayList<>();
                blobs.add(json.path("config"));
                json.path("layers").forEach(blobs::add);
                for (JsonNode blob : blobs) {
                    Digest digest = Digest.parse(blob.path("digest").asText());
                    HttpResponse<byte[]> content = api.get("/v2/" + repository + "/blobs/" + digest);
                    assertEquals(200, content.statusCode(), repository + ":" + tag.asText() + " needs " + digest);
                    assertEquals(digest, Digest.sha256(content.body()));
                    referenced.add(digest);
                }
            }
        }
        return referenced;
    }

    /** Pushers, pullers and a collector, for a bounded time. */
    private static final class Load {
        private final RegistryApi api;
        private final AtomicInteger pushes = new AtomicInteger();
        private final AtomicInteger refusedPushes = new AtomicInteger();
        private final AtomicLong reclaimedDuringLoad = new AtomicLong();
        private final Set<String> failures = ConcurrentHashMap.newKeySet();
        private volatile boolean running = true;

        Load(RegistryApi api) {
            this.api = api;
        }

        void run() throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(7);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                work.add(threads.submit(this::push));
            }
            for (int i = 0; i < 2; i++) {
                work.add(threads.submit(this::pull));
            }
            work.add(threads.submit(this::collect));
            Thread.sleep(LOAD.toMillis());
            running = false;
            for (Future<?> done : work) {
                done.get();
            }
            threads.shutdown();
            assertTrue(failures.isEmpty(), "failures under load: " + failures);
        }

        private Void push() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running) {
                String repository = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));
                String tag = TAGS.get(random.nextInt(TAGS.size()));
                byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"nonce\":\"" + random.nextLong()
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                List<byte[]> layers = List.of(SHARED_LAYERS.get(random.nextInt(SHARED_LAYERS.size())),
                        RegistryApi.randomBytes(2000 + random.nextInt(2000)));
                StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd"
                        + ".oci.image.manifest.v1+json\",\"config\":" + descriptor("application/vnd.oci.image"
                        + ".config.v1+json", api.pushBlob(repository, config), config.length) + ",\"layers\":[");
                for (int i = 0; i < layers.size(); i++) {
                    manifest.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar",
                            api.pushBlob(repository, layers.get(i)), layers.get(i).length));
                }
                manifest.append("]}");
                HttpResponse<byte[]> pushed = api.pushManifest(repository, tag,
                        "application/vnd.oci.image.manifest.v1+json", manifest.toString().getBytes(
                                StandardCharsets.UTF_8));
                if (pushed.statusCode() == 201) {
                    pushes.incrementAndGet();
                } else if (pushed.statusCode() == 400 || pushed.statusCode() == 503) {
                    refusedPushes.incrementAndGet();   // content swept before the manifest came: push again
                } else {
                    failures.add("push answered " + pushed.statusCode() + ": " + RegistryApi.text(pushed));
                }
            }
            return null;
        }

        /** Pulls tags while they move; a pull that loses a race with a tag move and a collection is no failure. */
        private Void pull() throws Exception {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running) {
                String repository = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));
                HttpResponse<byte[]> manifest = api.get("/v2/" + repository + "/manifests/"
                        + TAGS.get(random.nextInt(TAGS.size())), "Accept", "application/vnd.oci.image.manifest"
                        + ".v1+json");
                if (manifest.statusCode() == 200) {
                    for (JsonNode layer : JSON.readTree(manifest.body()).path("layers")) {
                        int status = api.get("/v2/" + repository + "/blobs/" + layer.path("digest").asText())
                                .statusCode();
                        if (status != 200 && status != 404) {
                            failures.add("blob pull answered " + status);
                        }
                    }
                } else if (manifest.statusCode() != 404) {
                    failures.add("manifest pull answered " + manifest.statusCode());
                }
            }
            return null;
        }

        private Void collect() throws Exception {
            while (running) {
                HttpResponse<byte[]> response = api.post("/v2/_berth/gc", new byte[0]);
                if (response.statusCode() != 200) {
                    failures.add("gc answered " + response.statusCode() + ": " + RegistryApi.text(response));
                    continue;
                }
                reclaimedDuringLoad.addAndGet(JSON.readTree(response.body()).path("blobs").asLong());
                Thread.sleep(200);
            }
            return null;
        }

        private static String descriptor(String mediaType, Digest digest, long size) {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }
}
