package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.conformance.RawExchange;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a filesystem that fills up: a clear storage error, nothing left behind, pushes work again. */
class FullDiskIT {

    private static final int FILESYSTEM_SIZE = 4 * 1024 * 1024;
    private static final Random RANDOM = new Random(7);

    @TempDir
    Path work;

    private Path data;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void mountASmallFilesystem() throws Exception {
        data = Files.createDirectory(work.resolve("data"));
        // Needs root, as the whole suite does (runc, dockerd); Tool names the failure if mount refuses.
        Tool.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_SIZE, "tmpfs", data.toString()));
    }

    @AfterEach
    void unmount() throws Exception {
        Tool.run(List.of("umount", data.toString()));
    }

    @Test
    void aBlobLargerThanTheSpaceLeft_is507_leavesNothingBehind_andSmallerPushesWorkAgain() throws Exception {
        try (Running registry = Running.on(data)) {
            HttpResponse<String> monolithic = post(registry, "/v2/team/app/blobs/uploads/?digest="
                    + Digest.sha256(random(6 << 20)), random(6 << 20));
            assertStorageFull(monolithic);
            assertNothingLeftBehind();

            String location = post(registry, "/v2/team/app/blobs/uploads/", new byte[0]).headers()
                    .firstValue("Location").orElseThrow();
            HttpResponse<String> chunk = send(HttpRequest.newBuilder(registry.url(location))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(random(6 << 20))));
            assertStorageFull(chunk);
            HttpResponse<String> status = send(HttpRequest.newBuilder(registry.url(location)));
            assertEquals("0-0", status.headers().firstValue("Range").orElseThrow(),
                    "the failed chunk was not acknowledged");
            assertEquals(204, send(HttpRequest.newBuilder(registry.url(location)).DELETE()).statusCode());
            assertNothingLeftBehind();

            assertPushes(registry, random(1 << 20));
        }
        try (Running restarted = Running.on(data)) {
            assertPushes(restarted, random(1 << 20));
        }
    }

    @Test
    void theUnreadRestOfABodyAfterAStorageError_closesTheConnection_andIsNeverReadAsARequest() throws Exception {
        try (Running registry = Running.on(data)) {
            byte[] body = random(6 << 20);
            byte[] smuggled = "GET /v2/ HTTP/1.1\r\nHost: smuggled\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(smuggled, 0, body, body.length - smuggled.length, smuggled.length);
            URI url = registry.url("/");
            String exchange = RawExchange.send(url, "POST /v2/team/app/blobs/uploads/?digest="
                    + Digest.sha256(body) + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n",
                    body);
            assertTrue(exchange.startsWith("HTTP/1.1 507 "), exchange);
            assertEquals(1, RawExchange.finalResponses(exchange), "one response, none to the body's tail:\n"
                    + exchange);
            assertTrue(exchange.endsWith(RawExchange.CLOSED), "the 2 MiB left unread are not drained without bound; "
                    + "the connection is closed instead:\n" + exchange);
        }
    }

    private void assertStorageFull(HttpResponse<String> response) {
        assertEquals(507, response.statusCode(), response.body());
        assertTrue(response.body().contains("storage is full"), response.body());
    }

    private void assertNothingLeftBehind() throws IOException {
        for (String directory : new String[] {"uploads", "tmp"}) {
            Path path = data.resolve(directory);
            if (Files.exists(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    assertEquals(List.of(), entries.toList(), directory + "/ is empty again");
                }
            }
        }
    }

    private void assertPushes(Running registry, byte[] blob) throws Exception {
        HttpResponse<String> pushed = post(registry, "/v2/team/app/blobs/uploads/?digest=" + Digest.sha256(blob),
                blob);
        assertEquals(201, pushed.statusCode(), pushed.body());
    }

    private HttpResponse<String> post(Running registry, String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(registry.url(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The registry in this process on the small filesystem. */
    private record Running(Registry registry) implements AutoCloseable {
        static Running on(Path data) throws IOException {
            return new Running(Registry.start("127.0.0.1", 0, DiskStorage.open(data, Clock.systemUTC()),
                    Clock.systemUTC()));
        }

        URI url(String pathOrLocation) {
            return URI.create("http://127.0.0.1:" + registry.port()).resolve(pathOrLocation);
        }

        @Override
        public void close() {
            registry.close();
        }
    }
}
