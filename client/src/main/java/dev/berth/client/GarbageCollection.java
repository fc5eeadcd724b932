package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Asks a Berth registry to collect garbage now ({@code POST /v2/_berth/gc}), as one of its administrators, and returns
 * the report as the registry wrote it (JSON).
 */
public final class GarbageCollection {

    private final RegistryTransport transport;

    GarbageCollection(RegistryTransport transport) {
        this.transport = transport;
    }

    /** Collects, or with {@code dryRun} only reports what would be reclaimed; returns the report. */
    public String collect(boolean dryRun) throws IOException {
        String path = "/v2/_berth/gc" + (dryRun ? "?dry-run=true" : "");
        HttpResponse<InputStream> response = transport.send(() -> HttpRequest.newBuilder(transport.url(path))
                .POST(HttpRequest.BodyPublishers.noBody()), "");
        if (response.statusCode() == 404) {
            response.body().close();
            throw new RegistryClientException(transport.registry() + " has no garbage collection endpoint: is it a "
                    + "Berth registry?", 404);
        }
        if (response.statusCode() != 200) {
            BlobPusher.expect(response, 200, "garbage collection", transport);
        }
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
