package dev.berth.registry.metrics;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * Measures every request for {@link RegistryMetrics}: by the route that served it (its pattern, so that repository
 * names and digests do not make a series each), method and status; and counts upload sessions from their routes.
 */
public final class RequestMetrics implements Filter {

    private static final String UPLOADS = "/v2/{name:.+}/blobs/uploads";

    private final RegistryMetrics metrics;

    public RequestMetrics(RegistryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            String route = request.matchingPattern().orElse("unmatched");
            String method = request.prologue().method().text();
            int status = response.status().code();
            long in = request.headers().contentLength().orElse(0);
            long out = method.equals("HEAD") ? 0 : response.headers().contentLength()
                    .orElse(response.bytesWritten());
            metrics.request(route, method, status, Duration.ofNanos(System.nanoTime() - start), in, out);
            if (route.startsWith(UPLOADS) && method.equals("POST") && status == 202) {
                metrics.upload("started");
            } else if (route.startsWith(UPLOADS) && status == 201) {
                metrics.upload("completed");   // a PUT that ends a session, or a whole blob or mount in one POST
            }
        }
    }
}
