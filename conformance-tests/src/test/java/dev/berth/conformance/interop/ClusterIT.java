package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.conformance.RegistryApi;
import dev.berth.conformance.S3ProxyProcess;
import dev.berth.conformance.TestImage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code berth serve} nodes over one S3 bucket (S3Proxy, a real S3 server in its own process) behind nginx
 * balancing round-robin without stickiness: they behave as one registry. Uploads move between nodes chunk by chunk;
 * a tag moved on one node is seen on the others within the tag TTL; the same image pushed through every node at once
 * lands once; skopeo, docker and ctr work through the balancer; an S3 outage mid-upload is a clean 503 that exposes
 * nothing and can be retried; and a node killed with SIGKILL mid-chunk loses nothing another node cannot finish.
 */
class ClusterIT {

    private static final int MIB = 1024 * 1024;
    private static final String BUCKET = "cluster";
    private static final Duration TAG_TTL = Duration.ofSeconds(2);
    private static final Duration GC_DEADLINE = Duration.ofSeconds(3);

    @TempDir
    static Path work;
    private static S3ProxyProcess s3;
    private static final List<BerthProcess> NODES = new ArrayList<>();
    private static NginxBalancer balancer;
    private static Path config;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyProcess.start(work.resolve("s3"));
        s3.createBucket(BUCKET);
        config = Files.writeString(work.resolve("berth.yaml"), "cache:\n  tag-ttl: " + TAG_TTL.toSeconds() + "s\n"
                + "gc:\n  grace: 0\n  push-deadline: " + GC_DEADLINE.toSeconds() + "s\n");
        for (int i = 0; i < 3; i++) {
            NODES.add(node("node-" + i));
        }
        balancer = NginxBalancer.start(work.resolve("nginx"), NODES.stream().map(BerthProcess::address).toList());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (balancer != null) {
            balancer.close();
        }
        for (BerthProcess node : NODES) {
            node.close();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    /** A node over the cluster's bucket; its data directory holds nothing the others need. */
    private static BerthProcess node(String name) throws IOException, InterruptedException {
        return BerthProcess.start(work.resolve(name), BerthProcess.freePort(), s3.environment(BUCKET), "--config",
                config.toString());
    }

    private static URI node(int i) {
        return NODES.get(i).url();
    }

    private static URI balanced() {
        return URI.create("http://" + balancer.address());
    }

    @Test
    void aChunkedUpload_whosePatchesAlternateNodes_andWhosePutGoesToAnother_isOneVerifiedBlob() throws Exception {
        byte[] content = random(19 * MIB + 12_345);
        int[] cuts = {0, 6 * MIB, 7 * MIB + 1, 15 * MIB, content.length};
        String upload = start(node(0), "cluster/chunked");
        for (int i = 0; i + 1 < cuts.length; i++) {
            HttpResponse<String> patched = patch(node((i + 1) % 3).resolve(upload), Arrays.copyOfRange(content,
                    cuts[i], cuts[i + 1]), cuts[i]);
            assertEquals(202, patched.statusCode(), patched.body());
            assertEquals("0-" + (cuts[i + 1] - 1), patched.headers().firstValue("Range").orElseThrow());
        }
        Digest digest = Digest.sha256(content);
        HttpResponse<String> done = send(HttpRequest.newBuilder(node(2).resolve(upload + "?digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, done.statusCode(), done.body());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(content, blob(node(i), "cluster/chunked", digest), "the blob through node " + i);
        }
    }

    @Test
    void aTagMovedThroughOneNode_isSeenThroughEveryOther_withinTheTagTtl() throws Exception {
        RegistryApi first = RegistryApi.anonymous(node(0));
        TestImage before = TestImage.pushBlobs(first, "cluster/moving");
        TestImage after = TestImage.pushBlobs(first, "cluster/moving");
        assertEquals(201, first.pushManifest("cluster/moving", "v1", MediaType.OCI_MANIFEST, before.manifest())
                .statusCode());
        assertEquals(before.digest(), tagged(node(1), "cluster/moving", "v1"), "a new tag is seen at once");
        assertEquals(before.digest(), tagged(node(2), "cluster/moving", "v1"));

        assertEquals(201, first.pushManifest("cluster/moving", "v1", MediaType.OCI_MANIFEST, after.manifest())
                .statusCode());
        Instant moved = Instant.now();
        assertEquals(after.digest(), tagged(node(0), "cluster/moving", "v1"), "the node that moved it sees it at once");
        for (int i = 1; i < 3; i++) {
            while (!after.digest().equals(tagged(node(i), "cluster/moving", "v1"))) {
                assertTrue(Duration.between(moved, Instant.now()).compareTo(TAG_TTL.plusSeconds(3)) < 0,
                        "node " + i + " still serves the old tag after the TTL");
                Thread.sleep(100);
            }
        }
    }

    @Test
    void theSameImage_pushedThroughEveryNodeAtOnce_landsOnce_andPullsWhole() throws Exception {
        byte[] layer = random(9 * MIB);
        byte[] configBlob = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes();
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(configBlob)
                + "\",\"size\":" + configBlob.length + "},\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP
                + "\",\"digest\":\"" + Digest.sha256(layer) + "\",\"size\":" + layer.length + "}]}";
        CyclicBarrier together = new CyclicBarrier(3);
        ExecutorService pushers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> pushes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                URI through = node(i);
                pushes.add(pushers.submit(() -> {
                    together.await();
                    pushWhole(through, "cluster/same", configBlob);
                    pushChunked(through, "cluster/same", layer);
                    return send(HttpRequest.newBuilder(through.resolve("/v2/cluster/same/manifests/latest"))
                            .header("Content-Type", MediaType.OCI_MANIFEST)
                            .PUT(HttpRequest.BodyPublishers.ofString(manifest))).statusCode();
                }));
            }
            for (Future<Integer> push : pushes) {
                assertEquals(201, push.get());
            }
        } finally {
            pushers.shutdownNow();
        }
        assertEquals(Digest.sha256(manifest.getBytes()), tagged(balanced(), "cluster/same", "latest"));
        assertArrayEquals(layer, blob(balanced(), "cluster/same", Digest.sha256(layer)));
        HttpResponse<String> tags = send(HttpRequest.newBuilder(balanced().resolve("/v2/cluster/same/tags/list")));
        assertEquals("{\"name\":\"cluster/same\",\"tags\":[\"latest\"]}", tags.body());
    }

    @Test
    void collectionsOnOneNode_whilePushesGoThroughTheOthers_leaveEveryTagWhole_andReclaimWhatNothingNeeds()
            throws Exception {
        byte[] shared = random(MIB);
        List<String> loose = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong reclaimed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int n = 1; n <= 2; n++) {
                URI through = node(n);
                String repository = "cluster/gc-" + n;
                work.add(load.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        byte[] own = random(64 * 1024);
                        byte[] configBlob = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"i\":" + i + "}")
                                .getBytes();
                        byte[] garbage = (repository + " loose blob " + i + " " + System.nanoTime()).getBytes();
                        pushWhole(through, repository, garbage);
                        loose.add(repository + "/blobs/" + Digest.sha256(garbage));
                        pushWhole(through, repository, configBlob);
                        pushWhole(through, repository, shared);
                        pushWhole(through, repository, own);
                        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST
                                + "\",\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\""
                                + Digest.sha256(configBlob) + "\",\"size\":" + configBlob.length + "},\"layers\":["
                                + layer(shared) + "," + layer(own) + "]}";
                        int status = send(HttpRequest.newBuilder(through.resolve("/v2/" + repository
                                + "/manifests/v" + (i % 3))).header("Content-Type", MediaType.OCI_MANIFEST)
                                .PUT(HttpRequest.BodyPublishers.ofString(manifest))).statusCode();
                        assertTrue(status == 201 || status == 400 || status == 503, "push answered " + status);
                    }
                    return null;
                }));
            }
            work.add(load.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> collected = send(HttpRequest.newBuilder(node(0).resolve("/v2/_berth/gc"))
                            .POST(HttpRequest.BodyPublishers.noBody()));
                    assertEquals(200, collected.statusCode(), collected.body());
                    reclaimed.addAndGet(Long.parseLong(collected.body().replaceAll(".*\"blobs\":(\\d+).*", "$1")));
                }
                return null;
            }));
            Thread.sleep(10_000);
            running.set(false);
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            load.shutdownNow();
        }
        assertTrue(reclaimed.get() > 0, "collections during the pushes reclaimed some of the " + loose.size()
                + " loose blobs");
        Thread.sleep(GC_DEADLINE.plus(TAG_TTL).plusSeconds(1).toMillis());
        assertEquals(200, send(HttpRequest.newBuilder(node(0).resolve("/v2/_berth/gc"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        Thread.sleep(TAG_TTL.plusSeconds(1).toMillis());
        for (int n = 1; n <= 2; n++) {
            for (int tag = 0; tag < 3; tag++) {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> manifest = send(HttpRequest.newBuilder(node(i).resolve("/v2/cluster/gc-" + n
                            + "/manifests/v" + tag)).header("Accept", MediaType.OCI_MANIFEST));
                    assertEquals(200, manifest.statusCode(), "cluster/gc-" + n + ":v" + tag + " through node " + i);
                    for (String digest : manifest.body().split("\"digest\":\"")) {
                        if (digest.startsWith("sha256:")) {
                            Digest blob = Digest.parse(digest.substring(0, 71));
                            assertEquals(blob, Digest.sha256(blob(node(i), "cluster/gc-" + n, blob)));
                        }
                    }
                }
            }
        }
        for (String garbage : loose) {
            assertEquals(404, send(HttpRequest.newBuilder(balanced().resolve("/v2/" + garbage))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode(), "the loose blob " + garbage);
        }
        for (BerthProcess node : NODES) {
            assertEquals(List.of(), node.log().lines().filter(line -> line.contains(" ERROR ")).toList());
        }
    }

    private static String layer(byte[] content) {
        return "{\"mediaType\":\"" + MediaType.OCI_LAYER + "\",\"digest\":\"" + Digest.sha256(content)
                + "\",\"size\":" + content.length + "}";
    }

    @Test
    void skopeoDockerAndCtr_workThroughTheBalancer() throws Exception {
        String registry = balancer.address();
        BusyboxLayout busybox = BusyboxLayout.write(work.resolve("busybox"));
        busybox.pushTo(registry, "cluster/busybox:1");
        assertTrue(Tool.run("skopeo", "inspect", "--tls-verify=false", "docker://" + registry + "/cluster/busybox:1")
                .contains(busybox.manifestDigest().toString()));
        try (DockerEngine docker = DockerEngine.start(work.resolve("docker"), registry)) {
            docker.docker("pull", registry + "/cluster/busybox:1");
            assertEquals("ok", docker.docker("run", "--rm", "--network", "none", registry + "/cluster/busybox:1",
                    "echo", "ok").strip());
            docker.docker("tag", registry + "/cluster/busybox:1", registry + "/cluster/from-docker:1");
            docker.docker("push", registry + "/cluster/from-docker:1");
        }
        ContainerdIT.Containerd containerd = ContainerdIT.Containerd.start(work.resolve("containerd"));
        try {
            containerd.ctr("images", "pull", "--plain-http", registry + "/cluster/from-docker:1");
            assertTrue(containerd.ctr("images", "ls", "-q").contains(registry + "/cluster/from-docker:1"));
        } finally {
            containerd.stop();
        }
    }

    @Test
    void withLogins_aTokenOneNodeIssued_isAcceptedByTheOthers_andSkopeoWorksThroughTheBalancer() throws Exception {
        Path users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "alice", "wonderland");
        Path key = work.resolve("token-key.pem");
        Tool.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                key.toString());
        Path locked = Files.writeString(work.resolve("locked.yaml"), "auth:\n  htpasswd: " + users
                + "\n  token-key: " + key + "\n");
        List<BerthProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                nodes.add(BerthProcess.start(work.resolve("locked-" + i), BerthProcess.freePort(),
                        s3.environment(BUCKET), "--config", locked.toString()));
            }
            String challenge = send(HttpRequest.newBuilder(nodes.get(0).url().resolve("/v2/")))
                    .headers().firstValue("WWW-Authenticate").orElseThrow();
            String realm = challenge.replaceAll(".*realm=\"([^\"]+)\".*", "$1");
            String service = challenge.replaceAll(".*service=\"([^\"]+)\".*", "$1");
            HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(realm + "?service=" + service
                    + "&scope=repository:cluster/private:pull,push")).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("alice:wonderland".getBytes())));
            assertEquals(200, issued.statusCode(), issued.body());
            String token = issued.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(nodes.get(1).url().resolve(
                    "/v2/cluster/private/blobs/uploads/")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(202, elsewhere.statusCode(), "node 1 takes node 0's token: " + elsewhere.body());

            try (NginxBalancer front = NginxBalancer.start(work.resolve("nginx-locked"), nodes.stream()
                    .map(BerthProcess::address).toList())) {
                BusyboxLayout busybox = BusyboxLayout.write(work.resolve("busybox-locked"));
                Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland",
                        "oci:" + busybox.directory() + ":latest", "docker://" + front.address() + "/cluster/private:1");
                assertTrue(Tool.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wonderland",
                        "docker://" + front.address() + "/cluster/private:1")
                        .contains(busybox.manifestDigest().toString()));
            }
        } finally {
            for (BerthProcess node : nodes) {
                node.close();
            }
        }
    }

    @Test
    void withRedirectsOn_blobGetsAreSentToS3_andSkopeoFollowsThem() throws Exception {
        Map<String, String> environment = new HashMap<>(s3.environment(BUCKET));
        environment.put("BERTH_S3_REDIRECT", "true");
        try (BerthProcess redirecting = BerthProcess.start(work.resolve("redirecting"), BerthProcess.freePort(),
                environment)) {
            BusyboxLayout busybox = BusyboxLayout.write(work.resolve("busybox-redirected"));
            busybox.pushTo(redirecting, "cluster/redirected:1");
            Digest layer = busybox.layerDigest();
            HttpResponse<String> answered = send(HttpRequest.newBuilder(redirecting.url().resolve(
                    "/v2/cluster/redirected/blobs/" + layer)));
            assertEquals(307, answered.statusCode(), answered.body());
            URI direct = URI.create(answered.headers().firstValue("Location").orElseThrow());
            assertEquals(s3.endpoint().getAuthority(), direct.getAuthority(), "the blob comes from S3 itself");
            HttpResponse<byte[]> fromS3 = http.send(HttpRequest.newBuilder(direct).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, fromS3.statusCode());
            assertEquals(layer, Digest.sha256(fromS3.body()));
            Path out = work.resolve("redirected-out");
            Tool.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + redirecting.address()
                    + "/cluster/redirected:1", "oci:" + out + ":latest");
            assertTrue(Files.exists(out.resolve("blobs/sha256/" + layer.hex())));
        }
    }

    @Test
    void s3StoppedMidUpload_isACleanRetryableError_thatExposesNothing_andTheRetrySucceedsOnceItIsBack()
            throws Exception {
        byte[] content = random(12 * MIB);
        Digest digest = Digest.sha256(content);
        String upload = start(balanced(), "cluster/outage");
        assertEquals(202, patch(balanced().resolve(upload), Arrays.copyOfRange(content, 0, 6 * MIB), 0).statusCode());
        s3.stop();
        try {
            HttpResponse<String> refused = patch(balanced().resolve(upload), Arrays.copyOfRange(content, 6 * MIB,
                    content.length), 6 * MIB);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"UNAVAILABLE\""), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertEquals(503, send(HttpRequest.newBuilder(node(0).resolve("/readyz"))).statusCode(),
                    "a node whose storage is down is not ready");
        } finally {
            s3.start();
        }
        assertEquals(200, send(HttpRequest.newBuilder(node(0).resolve("/readyz"))).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(balanced().resolve("/v2/cluster/outage/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode(), "no partial blob is visible");
        HttpResponse<String> status = send(HttpRequest.newBuilder(balanced().resolve(upload)));
        assertEquals("0-" + (6 * MIB - 1), status.headers().firstValue("Range").orElseThrow());
        assertEquals(202, patch(balanced().resolve(upload), Arrays.copyOfRange(content, 6 * MIB, content.length),
                6 * MIB).statusCode());
        assertEquals(201, send(HttpRequest.newBuilder(balanced().resolve(upload + "?digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertArrayEquals(content, blob(balanced(), "cluster/outage", digest));
    }

    @Test
    void aNodeKilledMidChunk_losesNothing_theClientFinishesThroughAnother() throws Exception {
        byte[] content = random(14 * MIB);
        Digest digest = Digest.sha256(content);
        try (BerthProcess doomed = node("doomed")) {
            String upload = start(doomed.url(), "cluster/killed");
            assertEquals(202, patch(doomed.url().resolve(upload), Arrays.copyOfRange(content, 0, 5 * MIB), 0)
                    .statusCode());
            PipedInputStream body = new PipedInputStream(MIB);
            PipedOutputStream feed = new PipedOutputStream(body);
            http.sendAsync(HttpRequest.newBuilder(doomed.url().resolve(upload))
                    .header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            feed.write(content, 5 * MIB, 4 * MIB);
            feed.flush();
            Thread.sleep(500);
            doomed.kill();
            feed.close();

            HttpResponse<String> status = send(HttpRequest.newBuilder(node(1).resolve(upload)));
            assertEquals(204, status.statusCode(), status.body());
            long offset = Long.parseLong(status.headers().firstValue("Range").orElseThrow().substring(2)) + 1;
            assertEquals(5 * MIB, offset, "the chunk the node died receiving was not recorded, the one before was");
            assertEquals(202, patch(node(1).resolve(upload), Arrays.copyOfRange(content, (int) offset,
                    content.length), offset).statusCode());
            assertEquals(201, send(HttpRequest.newBuilder(node(2).resolve(upload + "?digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        }
        assertArrayEquals(content, blob(balanced(), "cluster/killed", digest));
    }

    /** Starts an upload through {@code registry}; returns its location's path. */
    private String start(URI registry, String repository) throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(202, started.statusCode(), started.body());
        return URI.create(started.headers().firstValue("Location").orElseThrow()).getPath();
    }

    private HttpResponse<String> patch(URI upload, byte[] chunk, long offset) throws Exception {
        return send(HttpRequest.newBuilder(upload)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + chunk.length - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)));
    }

    private void pushWhole(URI registry, String repository, byte[] content) throws Exception {
        String upload = start(registry, repository);
        HttpResponse<String> done = send(HttpRequest.newBuilder(registry.resolve(upload + "?digest="
                + Digest.sha256(content))).PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertEquals(201, done.statusCode(), done.body());
    }

    private void pushChunked(URI registry, String repository, byte[] content) throws Exception {
        String upload = start(registry, repository);
        for (int from = 0; from < content.length; from += 5 * MIB) {
            int to = Math.min(content.length, from + 5 * MIB);
            HttpResponse<String> patched = patch(registry.resolve(upload), Arrays.copyOfRange(content, from, to),
                    from);
            assertEquals(202, patched.statusCode(), patched.body());
        }
        HttpResponse<String> done = send(HttpRequest.newBuilder(registry.resolve(upload + "?digest="
                + Digest.sha256(content))).PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, done.statusCode(), done.body());
    }

    private Digest tagged(URI registry, String repository, String tag) throws Exception {
        HttpResponse<String> head = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/"
                + tag)).header("Accept", MediaType.OCI_MANIFEST).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode(), repository + ":" + tag + " through " + registry);
        return Digest.parse(head.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    private byte[] blob(URI registry, String repository, Digest digest) throws Exception {
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/"
                + digest)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        return got.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
