package dev.berth.registry.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.storage.Storage;
import dev.berth.registry.MovableClock;
import dev.berth.registry.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSweeperTest {

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private Storage storage;
    private Registry registry;
    private UploadSweeper sweeper;

    @BeforeEach
    void startRegistry() throws Exception {
        storage = DiskStorage.open(data, clock);
        registry = Registry.start("127.0.0.1", 0, storage, clock);
        sweeper = new UploadSweeper(storage.uploads(), clock, Duration.ofHours(24));
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aSessionIdleForLongerThanTheExpiry_isRemovedWithItsData_andThenUnknown() throws Exception {
        String upload = location(send(HttpRequest.newBuilder(url("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertEquals(202, send(HttpRequest.newBuilder(url(upload))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[1000]))).statusCode());

        clock.advance(Duration.ofHours(23));
        assertEquals(0, sweeper.sweep());
        assertEquals(202, send(HttpRequest.newBuilder(url(upload))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[1000]))).statusCode());
        clock.advance(Duration.ofHours(23));
        assertEquals(0, sweeper.sweep(), "a chunk renews the session");
        assertEquals(204, send(HttpRequest.newBuilder(url(upload))).statusCode());

        clock.advance(Duration.ofHours(2));
        assertEquals(1, sweeper.sweep());
        HttpResponse<String> expired = send(HttpRequest.newBuilder(url(upload)));
        assertEquals(404, expired.statusCode());
        assertTrue(expired.body().contains("BLOB_UPLOAD_UNKNOWN"), expired.body());
        try (var left = Files.list(data.resolve("uploads"))) {
            assertEquals(0, left.count(), "the session's data went with it");
        }
    }

    @Test
    void aSessionThatNeverReceivedAChunk_expiresFromItsStart() throws Exception {
        send(HttpRequest.newBuilder(url("/v2/team/app/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        clock.advance(Duration.ofHours(25));
        assertEquals(1, sweeper.sweep());
    }

    private URI url(String pathOrLocation) {
        return URI.create("http://127.0.0.1:" + registry.port()).resolve(pathOrLocation);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(response.body()));
    }
}
