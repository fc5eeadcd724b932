package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth serve} as an operator sees it: health endpoint, version header, clean stop on SIGTERM. */
class ServeIT {

    @TempDir
    Path work;

    @Test
    void health_answersOkWithTheApiVersionHeader() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(berth.url().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("ok"));
            assertEquals("registry/2.0",
                    health.headers().firstValue("Docker-Distribution-API-Version").orElseThrow());
        }
    }

    @Test
    void sigterm_stopsTheServerCleanly() throws Exception {
        BerthProcess berth = BerthProcess.start(work.resolve("data"));
        int exit = berth.stop();
        assertTrue(exit == 0 || exit == 143, "exit code " + exit);
    }
}
