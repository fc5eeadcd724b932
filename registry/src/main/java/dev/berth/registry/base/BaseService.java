package dev.berth.registry.base;

import dev.berth.registry.http.RegistryHeaders;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /v2/}, which tells clients this is a registry, and {@code /healthz} for orchestrators. */
public final class BaseService implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2", this::version)
                .get("/v2/", this::version)
                .head("/v2/", this::version)
                .get("/healthz", this::health);
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
}
