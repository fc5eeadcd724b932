package dev.berth.registry.base;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.http.RegistryHeaders;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v2/}, which tells clients this is a registry; for orchestrators {@code /healthz} (the process
 * answers), {@code /readyz} (and its storage answers too: a node whose S3 bucket cannot be reached is taken out of
 * the load balancer); {@code /metrics} is Helidon's metrics observer ({@code RegistryMetrics}).
 */
public final class BaseService implements HttpService {

    /** A digest asked of the store to see that it answers; whether it is there does not matter. */
    private static final Digest PROBE = Digest.sha256("berth readiness probe".getBytes(StandardCharsets.UTF_8));

    private final Storage storage;

    public BaseService(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2", this::version)
                .get("/v2/", this::version)
                .head("/v2/", this::version)
                .get("/healthz", this::health)
                .get("/readyz", this::ready);
    }

    private void version(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header(RegistryHeaders.SUPPORTS_SIGNATURES, "1");
        response.send("{}");
    }

    private void health(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send("{\"status\":\"ok\"}");
    }

    private void ready(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            storage.blobs().stat(PROBE);
            response.send("{\"status\":\"ok\"}");
        } catch (IOException e) {
            response.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"storage unavailable\"}");
        }
    }
}
