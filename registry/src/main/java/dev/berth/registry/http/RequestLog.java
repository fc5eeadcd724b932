package dev.berth.registry.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Logs one line per request (method, path, status, time taken) and adds the Docker API version header. */
public final class RequestLog implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.berth.registry.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        response.header(RegistryHeaders.API_VERSION, "registry/2.0");
        try {
            chain.proceed();
        } finally {
            LOG.log(System.Logger.Level.INFO, () -> String.format("%s %s %d %dms",
                    request.prologue().method().text(), request.path().rawPath(), response.status().code(),
                    (System.nanoTime() - start) / 1_000_000));
        }
    }
}
