package dev.berth.registry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's meters as Prometheus scrapes them, on the registry's port or a management port of its own. */
class RegistryMetricsTest {

    private static final byte[] BLOB = "a layer".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The value of a series in a scrape, 0 when it is not there. (Helidon's Micrometer meters live in Micrometer's
     * registry for the whole process, so other tests' registries count into the same series: compare before and
     * after.)
     */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }

    @Test
    void requestsCachesUploadsAndCollections_areCounted_inPrometheusText() throws Exception {
        try (Registry registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir, Clock.systemUTC()),
                Clock.systemUTC())) {
            TestClient client = new TestClient(registry::port);
            String pull = "berth_http_server_requests_seconds_count{method=\"GET\",route=\"/v2/{name:.+}/blobs/"
                    + "{digest}\",scope=\"application\",status=\"200\",}";
            String sent = "berth_http_server_sent_bytes_total{method=\"GET\",route=\"/v2/{name:.+}/blobs/{digest}\","
                    + "scope=\"application\",}";
            String uploads = "berth_uploads_total{event=\"completed\",scope=\"application\",}";
            String collections = "berth_gc_runs_total{scope=\"application\",}";
            String before = get(registry.port(), "/metrics").body();
            assertEquals(201, client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/?digest="
                    + Digest.sha256(BLOB))).POST(HttpRequest.BodyPublishers.ofByteArray(BLOB)), null).statusCode());
            assertEquals(200, client.get("/v2/team/app/blobs/" + Digest.sha256(BLOB), null).statusCode());
            assertEquals(200, client.send(HttpRequest.newBuilder(client.url("/v2/_berth/gc"))
                    .POST(HttpRequest.BodyPublishers.noBody()), null).statusCode());

            HttpResponse<String> scraped = get(registry.port(), "/metrics");
            assertEquals(200, scraped.statusCode());
            String text = scraped.body();
            assertEquals(1.0, value(text, pull) - value(before, pull), text);
            assertEquals(BLOB.length, value(text, sent) - value(before, sent), text);
            assertEquals(1.0, value(text, uploads) - value(before, uploads), text);
            assertEquals(1.0, value(text, collections) - value(before, collections), text);
            assertTrue(text.contains("berth_http_server_requests_seconds_bucket{"), "latency histograms");
            assertTrue(text.contains("berth_cache_hits_total{cache=\"blob-stats\""), text);
        }
    }

    @Test
    void withAManagementPort_metricsAreServedThereOnly_andHealthOnBoth() throws Exception {
        try (Registry registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir, Clock.systemUTC()),
                Clock.systemUTC(), Registry.Options.defaults().withManagementPort(0))) {
            int management = registry.managementPort().orElseThrow();
            assertEquals(200, get(management, "/metrics").statusCode());
            assertEquals(404, get(registry.port(), "/metrics").statusCode());
            assertEquals(200, get(management, "/readyz").statusCode());
            assertEquals(200, get(registry.port(), "/healthz").statusCode());
        }
    }
}
